/**
 * Composite bricks: a composite brick folder (brick.json, recipe.json, README.md) made from the documents of its
 * component bricks, checking that they share one label space and one base model.
 */
package dev.brickyard.tools.compose;
