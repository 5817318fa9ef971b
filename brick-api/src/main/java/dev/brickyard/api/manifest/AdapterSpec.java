package dev.brickyard.api.manifest;

import java.util.Map;
import java.util.TreeMap;

/**
 * What an adapter brick changes inside the base model: each LoRA site (e.g. {@code layer.5.ffn_out}) with the
 * rank of its low-rank delta {@code A·B}. The weights are the brick's {@code .onnx_adapter} files, which together
 * hold exactly {@code lora.<site>.A} {@code [in, rank]} and {@code lora.<site>.B} {@code [rank, out]} for these sites.
 *
 * @param sites LoRA site name to rank, sorted by name
 */
public record AdapterSpec(Map<String, Integer> sites) {
    public AdapterSpec {
        sites = sites == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(sites));
    }
}
