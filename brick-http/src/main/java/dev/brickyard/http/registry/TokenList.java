package dev.brickyard.http.registry;

import java.util.List;

/** The answer to {@code GET /v1/admin/tokens}: tokens newest first, revoked ones included, never their secrets. */
public record TokenList(List<TokenInfo> items) {
}
