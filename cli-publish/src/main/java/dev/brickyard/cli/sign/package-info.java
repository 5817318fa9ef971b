/**
 * Signing: {@code brick sign}, {@code brick keys create|show}, and the key options {@code brick publish --sign} shares
 * with {@code brick sign}.
 */
package dev.brickyard.cli.sign;
