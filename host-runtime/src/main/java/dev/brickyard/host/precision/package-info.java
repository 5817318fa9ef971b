/**
 * Which bricks a host serving one build of the base model (fp32 or int8) runs when they were trained on the other:
 * what each brick's card measured decides between running it, warning and refusing it.
 */
package dev.brickyard.host.precision;
