/**
 * Loaded bricks: the ONNX Runtime implementations of the brick interfaces (heads, knowledge bricks), made from a
 * bundle's entries by {@link dev.brickyard.host.brick.BrickLoader}.
 */
package dev.brickyard.host.brick;
