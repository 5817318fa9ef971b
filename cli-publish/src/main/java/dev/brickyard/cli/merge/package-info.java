/**
 * {@code brick merge}: makes one brick folder from several verified parent bricks of one kind, linear heads or LoRA
 * adapters, by linear, task-arithmetic, TIES or DARE merging, recording the parents and parameters in brick.json.
 */
package dev.brickyard.cli.merge;
