package dev.brickyard.http.registry;

/** The body of {@code PUT /v1/bricks/{ns}/{name}/tags/{tag}}: the exact version the tag should point at. */
public record DistTagRequest(String version) {
}
