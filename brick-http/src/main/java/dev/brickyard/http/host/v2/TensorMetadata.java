package dev.brickyard.http.host.v2;

import java.util.List;

/**
 * {@code $metadata_tensor}: a model input's or output's name, datatype ({@code BYTES}, {@code FP32}, ...) and shape,
 * with -1 for a dimension of any size.
 */
public record TensorMetadata(String name, String datatype, List<Long> shape) {
    public TensorMetadata {
        shape = List.copyOf(shape);
    }
}
