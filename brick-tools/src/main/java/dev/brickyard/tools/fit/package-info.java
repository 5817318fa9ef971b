/**
 * Making adapter bricks without autodiff: closed-form, ridge-regularised least-squares fits on captured activations,
 * truncated to a low rank, evaluated on held-out pairs and control texts.
 */
package dev.brickyard.tools.fit;
