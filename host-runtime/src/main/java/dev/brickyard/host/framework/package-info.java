/**
 * Launches Apache Felix embedded the standard way, exporting brick-api and providing the base model as the
 * {@code brick.base} capability from the system bundle, so the resolver refuses bricks built for another model.
 */
package dev.brickyard.host.framework;
