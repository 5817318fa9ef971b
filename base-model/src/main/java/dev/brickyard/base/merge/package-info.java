/**
 * The arithmetic of {@code brick merge}: combining several parent bricks' parameters into one, either dense task
 * vectors (linear heads) or LoRA adapters of possibly different ranks, by linear, task-arithmetic, TIES or DARE merging.
 */
package dev.brickyard.base.merge;
