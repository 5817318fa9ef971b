/**
 * {@code brick precision}: measures how a brick's held-out answers change when the base model runs at another
 * precision (the int8 build) than the one the brick was trained on, and records it in its metrics and card.
 */
package dev.brickyard.tools.precision;
