/**
 * The registry's database: bricks, versions, tokens and events behind {@link dev.brickyard.registry.store.BrickStore},
 * implemented once in portable SQL for H2 (embedded default) and PostgreSQL, migrated by Flyway.
 */
package dev.brickyard.registry.store;
