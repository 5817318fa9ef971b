package dev.brickyard.tools.merge;

import dev.brickyard.api.BrickException;
import dev.brickyard.base.adapter.AdapterFile;
import dev.brickyard.base.adapter.AdapterTensor;
import dev.brickyard.base.graph.LoraAdapter;
import dev.brickyard.base.graph.LoraSite;
import dev.brickyard.tools.merge.LowRankDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Converts between an adapter brick's {@code .onnx_adapter} files and the per-site deltas ΔW = A·B that
 * {@link dev.brickyard.tools.merge.LowRankMerge} merges: {@code lora.<site>.A} {@code [in, r]} and
 * {@code lora.<site>.B} {@code [r, out]}, row-major float32.
 */
public final class AdapterWeights {
    /** The one file a merged adapter brick lists in {@code $.weights}. */
    public static final String FILE = "adapter.onnx_adapter";

    private AdapterWeights() {
    }

    /**
     * A verified adapter parent's deltas, keyed by site name; the sites may be spread over several files.
     *
     * @throws BrickException when the files do not read as adapters for the base model (the verifier has already
     *     checked this, so only a bug or a changed file gets here)
     */
    public static SortedMap<String, LowRankDelta> read(ParentBrick parent) throws BrickException {
        List<AdapterTensor> tensors = new ArrayList<>();
        for (byte[] file : parent.weights().values()) {
            tensors.addAll(AdapterFile.read(file).parameters());
        }
        AdapterFile all = AdapterFile.of(1, tensors);
        SortedMap<String, LowRankDelta> deltas = new TreeMap<>();
        for (LoraSite site : LoraAdapter.sitesOf(parent.described(), all).keySet()) {
            deltas.put(site.name(), new LowRankDelta(site.name(), rows(all.parameter(site.parameterA()).orElseThrow()),
                    rows(all.parameter(site.parameterB()).orElseThrow())));
        }
        return deltas;
    }

    /** The bytes of one adapter file holding A and B of every site, sites in name order. */
    public static byte[] write(Map<String, LowRankDelta> deltas) {
        List<AdapterTensor> tensors = new ArrayList<>();
        for (LowRankDelta delta : new TreeMap<>(deltas).values()) {
            LoraSite site = LoraSite.parse(delta.site());
            tensors.add(AdapterTensor.matrix(site.parameterA(), delta.a()));
            tensors.add(AdapterTensor.matrix(site.parameterB(), delta.b()));
        }
        return AdapterFile.of(1, tensors).toBytes();
    }

    private static float[][] rows(AdapterTensor tensor) {
        float[] values = tensor.values();
        float[][] rows = new float[tensor.rows()][tensor.cols()];
        for (int row = 0; row < rows.length; row++) {
            System.arraycopy(values, row * tensor.cols(), rows[row], 0, tensor.cols());
        }
        return rows;
    }
}
