package dev.brickyard.base.graph;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoraAdapter;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.base.adapter.AdapterFile;
import dev.brickyard.base.adapter.AdapterTensor;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A LoRA adapter loaded into ONNX Runtime for a configurable base graph: activated per run, so runs with different
 * adapters share one session. Owns the native adapter; close it after the last run that uses it.
 */
public final class LoraAdapter implements AutoCloseable {
    private final String name;
    private final Map<LoraSite, Integer> sites;
    private final long weightBytes;
    private final OrtLoraAdapter handle;

    private LoraAdapter(String name, Map<LoraSite, Integer> sites, long weightBytes, OrtLoraAdapter handle) {
        this.name = name;
        this.sites = sites;
        this.weightBytes = weightBytes;
        this.handle = handle;
    }

    /**
     * Checks an adapter file against a graph and loads it.
     *
     * @param name how errors and reports name the adapter, e.g. its brick id
     * @param graph the graph it will run in: every site it changes must be one of the graph's LoRA sites
     * @throws IncompatibleBrickException naming the first parameter that does not fit the graph
     */
    public static LoraAdapter load(String name, AdapterFile file, GraphOptions graph) throws BrickException {
        Map<LoraSite, Integer> sites = sitesOf(name, file);
        for (LoraSite site : sites.keySet()) {
            if (!graph.loraSites().contains(site)) {
                throw new IncompatibleBrickException("adapter " + name + " changes LoRA site " + site
                        + ", which this host's base graph does not have (it has " + graph.loraSites().size()
                        + " sites; see --lora-sites)");
            }
        }
        try {
            return new LoraAdapter(name, Collections.unmodifiableMap(sites), file.weightBytes(),
                    OrtLoraAdapter.create(file.toBytes()));
        } catch (OrtException e) {
            throw new BrickException("ONNX Runtime cannot load adapter " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The sites an adapter file changes and the rank of each: every parameter must be a site's A or B with the
     * site's shape, both present, with one rank.
     *
     * @throws IncompatibleBrickException naming the parameter that does not fit the base model
     */
    public static Map<LoraSite, Integer> sitesOf(String name, AdapterFile file) throws IncompatibleBrickException {
        Map<LoraSite, AdapterTensor[]> pairs = new TreeMap<>();
        for (AdapterTensor tensor : file.parameters()) {
            String parameter = tensor.name();
            boolean isA = parameter.endsWith(".A");
            if (!parameter.startsWith("lora.") || !(isA || parameter.endsWith(".B"))) {
                throw new IncompatibleBrickException("adapter " + name + " has parameter '" + parameter
                        + "'; parameters are named lora.layer.<n>.<kind>.A or .B");
            }
            LoraSite site;
            try {
                site = LoraSite.parse(parameter.substring("lora.".length(), parameter.length() - 2));
            } catch (IllegalArgumentException e) {
                throw new IncompatibleBrickException("adapter " + name + " has parameter '" + parameter
                        + "' for a site the base model lacks: " + e.getMessage());
            }
            pairs.computeIfAbsent(site, s -> new AdapterTensor[2])[isA ? 0 : 1] = tensor;
        }
        if (pairs.isEmpty()) {
            throw new IncompatibleBrickException("adapter " + name + " changes no LoRA site");
        }
        Map<LoraSite, Integer> ranks = new TreeMap<>();
        for (Map.Entry<LoraSite, AdapterTensor[]> pair : pairs.entrySet()) {
            LoraSite site = pair.getKey();
            AdapterTensor a = pair.getValue()[0];
            AdapterTensor b = pair.getValue()[1];
            if (a == null || b == null) {
                throw new IncompatibleBrickException("adapter " + name + " has only " + (a == null ? "B" : "A")
                        + " for site " + site + "; a site needs both " + site.parameterA() + " and "
                        + site.parameterB());
            }
            if (a.dims().length != 2 || a.dims()[0] != site.inputs()) {
                throw new IncompatibleBrickException("adapter " + name + ": " + site.parameterA() + " has shape "
                        + java.util.Arrays.toString(a.dims()) + ", expected [" + site.inputs() + ", rank]");
            }
            if (b.dims().length != 2 || b.dims()[1] != site.outputs()) {
                throw new IncompatibleBrickException("adapter " + name + ": " + site.parameterB() + " has shape "
                        + java.util.Arrays.toString(b.dims()) + ", expected [rank, " + site.outputs() + "]");
            }
            if (a.dims()[1] != b.dims()[0] || a.dims()[1] < 1) {
                throw new IncompatibleBrickException("adapter " + name + ": site " + site + " has A of rank "
                        + a.dims()[1] + " and B of rank " + b.dims()[0] + "; they must agree and be at least 1");
            }
            ranks.put(site, (int) a.dims()[1]);
        }
        return ranks;
    }

    /**
     * Checks that no two adapters change the same site: ONNX Runtime would silently let the last one win.
     *
     * @throws IllegalArgumentException naming the two adapters and the site
     */
    public static void requireDisjoint(java.util.List<LoraAdapter> adapters) {
        Map<LoraSite, String> owners = new HashMap<>();
        for (LoraAdapter adapter : adapters) {
            for (LoraSite site : adapter.sites.keySet()) {
                String other = owners.putIfAbsent(site, adapter.name);
                if (other != null) {
                    throw new IllegalArgumentException("adapters " + other + " and " + adapter.name
                            + " both change LoRA site " + site + "; only one adapter per site can be active in a run "
                            + "(merge them with brick merge)");
                }
            }
        }
    }

    public String name() {
        return name;
    }

    /** The sites this adapter changes, with their ranks. */
    public Map<LoraSite, Integer> sites() {
        return sites;
    }

    /** Bytes of A and B weights (float32). */
    public long weightBytes() {
        return weightBytes;
    }

    /** The native adapter, for the base model to activate in its runs. */
    public OrtLoraAdapter handle() {
        return handle;
    }

    @Override
    public void close() {
        handle.close();
    }

    @Override
    public String toString() {
        return name + " " + new HashMap<>(sites);
    }
}
