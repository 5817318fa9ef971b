/**
 * Knowledge bricks' facts: the key/value pairs a knowledge brick answers with, and its values file
 * ({@code values.jsonl}), read with limits and checked line by line, and written.
 */
package dev.brickyard.base.knowledge;
