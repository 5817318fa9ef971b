package dev.brickyard.http.registry;

/** The body of a yank: why the version should no longer be picked. */
public record YankRequest(String reason) {
}
