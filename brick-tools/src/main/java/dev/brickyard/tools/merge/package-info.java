/**
 * {@code brick merge}: linear, task-arithmetic, TIES and DARE merging of heads and of low-rank adapters (different
 * ranks by concatenation or SVD re-compression), with the parents recorded in brick.json and the card.
 */
package dev.brickyard.tools.merge;
