package dev.brickyard.base.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A weight matrix of the base model that can take a LoRA path {@code Y = XW + (XA)B}, named like
 * {@code layer.3.ffn_in}. An adapter file holds the site's {@code A} and {@code B} under {@link #parameterA()} and
 * {@link #parameterB()}, the names of the graph inputs the configurable graph gives the site.
 */
public record LoraSite(int layer, Kind kind) implements Comparable<LoraSite> {
    /** Number of transformer layers in all-MiniLM-L6-v2. */
    public static final int LAYERS = 6;
    private static final Pattern NAME = Pattern.compile("layer\\.(\\d+)\\.([a-z_]+)");

    /** The MatMuls of a BERT layer that can take a LoRA path, with their shapes in all-MiniLM-L6-v2. */
    public enum Kind {
        QUERY("query", "attention/self/query", 384, 384),
        KEY("key", "attention/self/key", 384, 384),
        VALUE("value", "attention/self/value", 384, 384),
        ATTENTION_OUTPUT("attention_out", "attention/output/dense", 384, 384),
        FFN_IN("ffn_in", "intermediate/dense", 384, 1536),
        FFN_OUT("ffn_out", "output/dense", 1536, 384);

        private final String label;
        private final String scope;
        private final int inputs;
        private final int outputs;

        Kind(String label, String scope, int inputs, int outputs) {
            this.label = label;
            this.scope = scope;
            this.inputs = inputs;
            this.outputs = outputs;
        }

        /** The name used in site names, e.g. {@code ffn_in}. */
        public String label() {
            return label;
        }

        static Kind byLabel(String label) {
            for (Kind kind : values()) {
                if (kind.label.equals(label)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown LoRA site kind '" + label + "'; known: "
                    + String.join(", ", labels()));
        }

        static List<String> labels() {
            List<String> labels = new ArrayList<>();
            for (Kind kind : values()) {
                labels.add(kind.label);
            }
            return labels;
        }
    }

    public LoraSite {
        if (layer < 0 || layer >= LAYERS) {
            throw new IllegalArgumentException("layer " + layer + " is out of range: the base model has layers 0-"
                    + (LAYERS - 1));
        }
        if (kind == null) {
            throw new IllegalArgumentException("a LoRA site needs a kind");
        }
    }

    /**
     * Parses {@code layer.<n>.<kind>}, e.g. {@code layer.5.ffn_out}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static LoraSite parse(String name) {
        Matcher matcher = NAME.matcher(name.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a LoRA site: write layer.<0-" + (LAYERS - 1)
                    + ">.<" + String.join("|", Kind.labels()) + ">, e.g. layer.5.ffn_out");
        }
        return new LoraSite(Integer.parseInt(matcher.group(1)), Kind.byLabel(matcher.group(2)));
    }

    /**
     * Parses a list of sites: {@code all}, {@code none}, or comma-separated site names ({@code layer.5.ffn_out})
     * and kinds ({@code ffn_out}: that matrix in every layer).
     *
     * @throws IllegalArgumentException naming the first entry that is neither
     */
    public static java.util.SortedSet<LoraSite> parseList(String list) {
        java.util.SortedSet<LoraSite> sites = new java.util.TreeSet<>();
        String trimmed = list.trim().toLowerCase(Locale.ROOT);
        if (trimmed.equals("all")) {
            sites.addAll(all(List.of(Kind.values())));
            return sites;
        }
        if (trimmed.equals("none")) {
            return sites;
        }
        for (String entry : trimmed.split(",")) {
            String name = entry.trim();
            if (Kind.labels().contains(name)) {
                sites.addAll(all(List.of(Kind.byLabel(name))));
            } else if (name.startsWith("layer.")) {
                sites.add(parse(name));
            } else {
                throw new IllegalArgumentException("'" + name + "' is neither a LoRA site (layer.5.ffn_out) nor a "
                        + "kind (" + String.join(", ", Kind.labels()) + "); or write all or none");
            }
        }
        return sites;
    }

    /** Every site of the given kinds in every layer. */
    public static List<LoraSite> all(List<Kind> kinds) {
        List<LoraSite> sites = new ArrayList<>();
        for (int layer = 0; layer < LAYERS; layer++) {
            for (Kind kind : kinds) {
                sites.add(new LoraSite(layer, kind));
            }
        }
        return sites;
    }

    /** {@code layer.<n>.<kind>}. */
    public String name() {
        return "layer." + layer + "." + kind.label;
    }

    /** Width of the MatMul's input X (rows of A). */
    public int inputs() {
        return kind.inputs;
    }

    /** Width of the MatMul's output Y (columns of B). */
    public int outputs() {
        return kind.outputs;
    }

    /** The graph input and adapter parameter holding A {@code [inputs, rank]}. */
    public String parameterA() {
        return "lora." + name() + ".A";
    }

    /** The graph input and adapter parameter holding B {@code [rank, outputs]}. */
    public String parameterB() {
        return "lora." + name() + ".B";
    }

    /** The name of the base graph's tensor {@code Y = XW} (the same in the fp32 and the int8 graph). */
    String product() {
        return "/encoder/layer." + layer + "/" + kind.scope + "/MatMul_output_0";
    }

    @Override
    public int compareTo(LoraSite other) {
        return layer != other.layer ? Integer.compare(layer, other.layer) : kind.compareTo(other.kind);
    }

    @Override
    public String toString() {
        return name();
    }
}
