package dev.brickyard.api.manifest;

/**
 * The base model a brick was built for.
 *
 * @param name the base model's name, e.g. {@code all-minilm-l6-v2}; matched by the host's {@code brick.base}
 *             capability
 * @param dim the width of the pooled embedding the brick reads
 * @param digest {@code sha256:<hex>} of the base model's ONNX file the brick was trained with
 */
public record BaseModelRef(String name, int dim, String digest) {
}
