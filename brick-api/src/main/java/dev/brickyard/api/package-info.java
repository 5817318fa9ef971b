/**
 * The brick services a host runs (heads, knowledge bricks, composites) and the checked exceptions of the
 * brick API under {@link dev.brickyard.api.BrickException}.
 */
package dev.brickyard.api;
