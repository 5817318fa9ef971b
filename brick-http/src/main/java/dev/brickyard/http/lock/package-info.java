/**
 * The lock file that pins bricks to exact versions and bundle digests, shared by {@code brick lock} (which writes
 * {@code brick.lock}) and the host ({@code brick host lock}, {@code brick host serve --bricks}).
 */
package dev.brickyard.http.lock;
