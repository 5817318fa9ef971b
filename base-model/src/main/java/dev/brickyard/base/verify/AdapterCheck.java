package dev.brickyard.base.verify;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoraAdapter;
import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.manifest.BrickHeaders;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.Violation;
import dev.brickyard.base.adapter.AdapterFile;
import dev.brickyard.base.adapter.AdapterTensor;
import dev.brickyard.base.graph.LoraAdapter;
import dev.brickyard.base.graph.LoraSite;
import dev.brickyard.base.graph.NeuronSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The checks of the bricks that live inside the base model: adapters and neuron sets. */
final class AdapterCheck {
    private AdapterCheck() {
    }

    /**
     * Reads every {@code .onnx_adapter} file, checks that together they hold exactly the sites and ranks
     * {@code $.adapter.sites} declares with the base model's shapes and finite values, and lets ONNX Runtime load
     * each file.
     */
    static void check(Map<String, byte[]> entries, BrickManifest manifest, List<Violation> violations) {
        List<AdapterTensor> all = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String weight : manifest.weights()) {
            String entry = BrickHeaders.BRICK_FOLDER + weight;
            byte[] bytes = entries.get(entry);
            AdapterFile file;
            try {
                file = AdapterFile.read(bytes);
            } catch (MalformedBrickException e) {
                if (e.violations().isEmpty()) {
                    violations.add(new Violation(entry, e.getMessage()));
                }
                e.violations().forEach(v -> violations.add(new Violation(entry + ":" + v.path(), v.message())));
                continue;
            }
            for (AdapterTensor tensor : file.parameters()) {
                if (!names.add(tensor.name())) {
                    violations.add(new Violation(entry, "parameter " + tensor.name() + " is also in another adapter "
                            + "file of this brick"));
                }
                for (float value : tensor.values()) {
                    if (!Float.isFinite(value)) {
                        violations.add(new Violation(entry, "parameter " + tensor.name() + " holds " + value
                                + "; weights must be finite"));
                        break;
                    }
                }
            }
            all.addAll(file.parameters());
            try {
                OrtLoraAdapter.create(bytes).close();
            } catch (OrtException e) {
                violations.add(new Violation(entry, "ONNX Runtime cannot load it: " + e.getMessage()));
            }
        }
        if (!violations.isEmpty()) {
            return;
        }
        Map<LoraSite, Integer> found;
        try {
            found = LoraAdapter.sitesOf(manifest.id(), AdapterFile.of(1, all));
        } catch (IncompatibleBrickException e) {
            violations.add(new Violation("$.weights", e.getMessage()));
            return;
        }
        Map<String, Integer> actual = new TreeMap<>();
        found.forEach((site, rank) -> actual.put(site.name(), rank));
        Map<String, Integer> declared = new TreeMap<>();
        for (Map.Entry<String, Integer> site : manifest.adapter().sites().entrySet()) {
            try {
                declared.put(LoraSite.parse(site.getKey()).name(), site.getValue());
            } catch (IllegalArgumentException e) {
                violations.add(new Violation("$.adapter.sites[\"" + site.getKey() + "\"]", e.getMessage()));
            }
        }
        if (!violations.isEmpty()) {
            return;
        }
        for (Map.Entry<String, Integer> site : declared.entrySet()) {
            Integer rank = actual.get(site.getKey());
            if (rank == null) {
                violations.add(new Violation("$.adapter.sites[\"" + site.getKey() + "\"]", "declared, but no "
                        + "adapter file holds lora." + site.getKey() + ".A and .B"));
            } else if (!rank.equals(site.getValue())) {
                violations.add(new Violation("$.adapter.sites[\"" + site.getKey() + "\"]", "declared with rank "
                        + site.getValue() + ", but the adapter file's A and B have rank " + rank));
            }
        }
        for (String site : actual.keySet()) {
            if (!declared.containsKey(site)) {
                violations.add(new Violation("$.adapter.sites", "the adapter files change site " + site
                        + ", which is not declared"));
            }
        }
    }

    /** Checks that a neuron brick's layers and indexes exist in the base model. */
    static void checkNeurons(BrickManifest manifest, List<Violation> violations) {
        try {
            NeuronSet.of(manifest.neurons());
        } catch (IllegalArgumentException e) {
            violations.add(new Violation("$.neurons.layers", e.getMessage()));
        }
    }
}
