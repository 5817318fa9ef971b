/** The publish flow: stream, hash, cap, verify as fully as {@code brick verify}, embed, store atomically. */
package dev.brickyard.registry.publish;
