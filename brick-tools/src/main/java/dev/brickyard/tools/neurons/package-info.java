/**
 * {@code brick neurons}: emergent bricks. {@code brick neurons find} reads the base model's FFN activations on texts
 * and on contrast texts, picks the neurons most selective for the texts, and writes a neuron brick folder whose card
 * states what applying the mask does to both.
 */
package dev.brickyard.tools.neurons;
