/**
 * Names and versions of bricks: {@code namespace/name} ids, semantic versions, version ranges and the
 * references that combine them.
 */
package dev.brickyard.api.version;
