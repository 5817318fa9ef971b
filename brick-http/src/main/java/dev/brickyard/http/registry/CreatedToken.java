package dev.brickyard.http.registry;

/** The answer to {@code POST /v1/admin/tokens}: the new token and its secret, which is never shown again. */
public record CreatedToken(TokenInfo token, String secret) {
}
