package dev.brickyard.http.registry;

import java.util.List;

/**
 * The body of {@code POST /v1/admin/tokens}: a namespace's token ({@code namespace}, {@code scopes} publish and/or
 * yank, both when absent) or an admin token ({@code scopes: ["admin"]}, no namespace).
 */
public record TokenRequest(String namespace, List<String> scopes, String description) {
}
