/**
 * Bearer tokens: created once, stored hashed, revocable; a namespace's tokens publish or yank in it, admin tokens
 * manage the tokens.
 */
package dev.brickyard.registry.auth;
