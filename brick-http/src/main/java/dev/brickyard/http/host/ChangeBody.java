package dev.brickyard.http.host;

/**
 * The body of {@code POST /v1/bricks} ({@code {"ref": "acme/sentiment@^1.2"}}) and of
 * {@code PUT /v1/bricks/{ns}/{name}} ({@code {"version": "1.3.0"}} or {@code {"range": "^1"}}).
 */
public record ChangeBody(String ref, String version, String range) {
}
