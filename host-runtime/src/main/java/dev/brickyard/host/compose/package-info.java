/** Combination: several bricks' answers to one input merged into one, e.g. heads over the same labels averaged. */
package dev.brickyard.host.compose;
