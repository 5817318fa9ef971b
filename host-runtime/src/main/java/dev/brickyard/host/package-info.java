/**
 * The brick host: {@link dev.brickyard.host.BrickHost} opens an embedded OSGi framework next to the base model,
 * installs, updates and uninstalls brick bundles, and answers texts with the bricks they carry.
 */
package dev.brickyard.host;
