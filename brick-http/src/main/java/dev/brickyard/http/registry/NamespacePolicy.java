package dev.brickyard.http.registry;

/**
 * A namespace's publishing policy ({@code GET|PUT /v1/namespaces/{ns}/policy}).
 *
 * @param requireSigned whether the registry refuses unsigned publishes to the namespace ({@code unsigned_brick})
 */
public record NamespacePolicy(Boolean requireSigned) {
}
