package dev.brickyard.http.registry;

/**
 * Who signed a version: the key's fingerprint (hex SHA-256 of its encoded public key), the name its namespace
 * registered it under, and whether the namespace still trusts it.
 *
 * @param status {@code valid}, or {@code revoked} when the namespace has revoked the key since
 */
public record SignerDocument(String fingerprint, String keyName, String status) {
}
