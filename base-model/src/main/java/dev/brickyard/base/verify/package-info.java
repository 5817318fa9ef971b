/**
 * Checks a brick archive as fully as a host or registry must before trusting it: safe zip structure, OSGi headers
 * equal to {@code brick.json}, the schema, and weights that load in ONNX Runtime with the declared shapes.
 */
package dev.brickyard.base.verify;
