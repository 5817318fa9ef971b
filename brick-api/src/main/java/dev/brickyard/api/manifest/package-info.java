/**
 * The brick format's documents: {@code brick.json} (records, the published JSON Schema, the cross-field
 * rules, reading and writing), a composite's recipe, and the OSGi headers and capabilities of a brick.
 */
package dev.brickyard.api.manifest;
