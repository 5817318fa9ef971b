package dev.brickyard.api.manifest;

import java.util.List;

/** The tensors a brick's weights consume and produce, as declared in {@code brick.json}. */
public record IoSpec(List<TensorSpec> inputs, List<TensorSpec> outputs) {
    public IoSpec {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
