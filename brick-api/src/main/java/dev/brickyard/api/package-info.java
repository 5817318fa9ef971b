/**
 * The brick format, version 1: the {@code brick.json} manifest and its validation, semantic versions and
 * ranges, the OSGi header and capability names, the brick interfaces and the checked exceptions.
 *
 * <p>This package is small and stable: hosts export it to bricks, so it depends only on Jackson and, to check
 * {@code brick.json} against its published JSON Schema, networknt's json-schema-validator.
 */
package dev.brickyard.api;
