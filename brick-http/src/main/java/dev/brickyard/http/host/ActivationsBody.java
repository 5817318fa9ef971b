package dev.brickyard.http.host;

import java.util.List;

/**
 * The body of {@code POST /v1/activations}: the {@code text} to read; optionally the adapters and neuron bricks to
 * apply ({@code bricks}), the {@code layers} to report (default all), how many {@code top} neurons per layer
 * (default {@value #DEFAULT_TOP}) and whether to include each layer's full {@code values}.
 */
public record ActivationsBody(String text, List<String> bricks, List<Integer> layers, Integer top, Boolean values) {
    /** How many neurons per layer are reported when {@code top} is not given. */
    public static final int DEFAULT_TOP = 10;
}
