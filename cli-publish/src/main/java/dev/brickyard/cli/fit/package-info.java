/**
 * {@code brick fit}: turns data into a brick that changes the base model itself. {@code brick fit adapter} fits a LoRA
 * adapter in closed form on (text, target) pairs, checks it on held-out pairs and control sentences, and writes the
 * brick folder (brick.json, card, {@code .onnx_adapter} weights).
 */
package dev.brickyard.cli.fit;
