/** Bearer tokens: created once, stored hashed, scoped to a namespace and to publish or yank, revocable. */
package dev.brickyard.registry.auth;
