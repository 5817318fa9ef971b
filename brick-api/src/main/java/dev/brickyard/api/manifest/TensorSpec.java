package dev.brickyard.api.manifest;

import java.util.List;

/**
 * The name, element type and shape of one tensor a brick's weights take or give. A dimension of {@code -1} is
 * dynamic (the batch, usually).
 */
public record TensorSpec(String name, String dtype, List<Long> shape) {
    public static final String FLOAT32 = "float32";

    public TensorSpec {
        shape = List.copyOf(shape);
    }

    @Override
    public String toString() {
        return name + ":" + dtype + shape;
    }
}
