/** {@code brick precision}: measures a brick's held-out answers on both builds of the base model. */
package dev.brickyard.cli.precision;
