/**
 * {@code brick compose}: makes a composite brick folder (brick.json, recipe.json, README.md) from bricks already in a
 * registry, checking that they share one label space and one base model.
 */
package dev.brickyard.cli.compose;
