/**
 * Loaded bricks: the ONNX Runtime implementations of the brick interfaces, made from a bundle's entries.
 */
package dev.brickyard.host.brick;
