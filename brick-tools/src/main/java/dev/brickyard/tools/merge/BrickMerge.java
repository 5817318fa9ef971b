package dev.brickyard.tools.merge;

import dev.brickyard.api.BrickException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import dev.brickyard.api.manifest.AdapterSpec;
import dev.brickyard.api.manifest.BaseModelRef;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.MergeProvenance;
import dev.brickyard.base.onnx.HeadGraph;
import dev.brickyard.base.onnx.HeadParameters;
import dev.brickyard.base.onnx.LinearHeadGraph;
import dev.brickyard.tools.InvalidInputException;
import dev.brickyard.tools.card.BrickMetadata;
import dev.brickyard.tools.card.RoutingKey;
import dev.brickyard.tools.merge.LowRankDelta;
import dev.brickyard.tools.merge.LowRankMerge;
import dev.brickyard.tools.merge.LowRankMergeResult;
import dev.brickyard.tools.merge.MergeParameters;
import dev.brickyard.tools.merge.TaskVectorMerge;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@code brick merge} makes of verified parents: checks that they can merge (all linear heads over one label set,
 * or all adapters, for one base model), merges their parameters with the base model's merge arithmetic and builds the
 * merged brick's manifest. Heads whose labels are the same set in another order have their columns of W and b
 * reordered to the first parent's order first.
 */
public final class BrickMerge {
    /** The file a merged head lists in {@code $.weights}. */
    public static final String HEAD_FILE = "head.onnx";

    private BrickMerge() {
    }

    /**
     * The merged parameters, before the metadata that names the brick.
     *
     * @param weights the effective weights, one per parent
     * @param rank the rank adapters were re-compressed to, or null when nothing was re-compressed: {@code --rank}, or
     *     for TIES and DARE without it the largest parent rank (each site gets at most its own parents' largest)
     * @param requestedRank {@code --rank}, or null
     * @param labels a head's labels (the first parent's order), empty for adapters
     * @param reordered for a head: the parents whose labels were reordered, with their own order
     * @param head the merged head, or null for adapters
     * @param adapter the merged adapter, or null for heads
     * @param parentRanks for adapters: per site, each parent's rank there (0 where it lacks the site)
     * @param routingKey the normalised weighted mean of the parents' routing keys; empty when none has one
     */
    public record Result(BrickKind kind, List<ParentBrick> parents, MergeParameters parameters, double[] weights,
                  Integer rank, Integer requestedRank, List<String> labels, Map<ParentBrick, List<String>> reordered,
                  HeadParameters head, LowRankMergeResult adapter, SortedMap<String, int[]> parentRanks,
                  float[] routingKey) {

        /** What {@code $.merge} records: the method, the weights as used and the parents with their digests. */
        public MergeProvenance provenance() {
            return new MergeProvenance(parameters.method().externalName(), Arrays.stream(weights).boxed().toList(),
                    parameters.method().usesDensity() ? parameters.effectiveDensity() : null,
                    parameters.method().usesSeed() ? parameters.effectiveSeed() : null, rank,
                    parents.stream().map(parent -> new MergeProvenance.Parent(parent.manifest().id(),
                            parent.manifest().version(), parent.verified().sha256())).toList());
        }

        /** The merged brick's {@code brick.json}. */
        public BrickManifest manifest(BrickMetadata metadata) {
            BrickManifest first = parents.get(0).manifest();
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("parents", (double) parents.size());
            AdapterSpec sites = null;
            if (adapter != null) {
                metrics.put("max_truncation_error", adapter.maxTruncationError());
                Map<String, Integer> ranks = new TreeMap<>();
                adapter.deltas().forEach((site, delta) -> ranks.put(site, delta.rank()));
                sites = new AdapterSpec(ranks);
            }
            return new BrickManifest(BrickManifest.SCHEMA_VERSION, metadata.id(), metadata.version(), kind,
                    BrickOrigin.CUSTOMIZED, first.granularity(), metadata.description(), metadata.tags(), labels,
                    kind == BrickKind.HEAD ? HeadGraph.signature(first.base().dim(), labels.size()) : null,
                    routingKey, metrics, metadata.license(), metadata.authors(), first.base(),
                    List.of(kind == BrickKind.HEAD ? HEAD_FILE : AdapterWeights.FILE), sites, null, provenance());
        }

        /** The weights files, by their name in {@code $.weights}; {@code producer} is recorded in a head's graph. */
        public Map<String, byte[]> files(String producer) {
            return kind == BrickKind.HEAD
                    ? Map.of(HEAD_FILE, HeadGraph.linear(head.weights(), head.bias(), producer))
                    : Map.of(AdapterWeights.FILE, AdapterWeights.write(adapter.deltas()));
        }

        /**
         * Defaults for what the user does not say: a description naming the parents and the method, the parents'
         * tags and authors (each once, in order) and their licences (one, or all joined by {@code AND}, the SPDX
         * expression for a work under each of them).
         */
        public BrickMetadata defaults() {
            String description = description(parents.stream().map(ParentBrick::described).toList(),
                    parameters.method().externalName());
            Set<String> tags = new LinkedHashSet<>();
            Set<String> licenses = new LinkedHashSet<>();
            Set<String> authors = new LinkedHashSet<>();
            for (ParentBrick parent : parents) {
                tags.addAll(parent.manifest().tags());
                licenses.add(parent.manifest().license());
                authors.addAll(parent.manifest().authors());
            }
            return new BrickMetadata(null, null, description, List.copyOf(tags), String.join(" AND ", licenses),
                    List.copyOf(authors));
        }
    }

    /** The description a merge gets unless the author gives one: "Merge of a@1.0.0 and b@2.1.0 by ties." */
    public static String description(List<String> parents, String method) {
        return "Merge of " + String.join(", ", parents.subList(0, parents.size() - 1)) + " and "
                + parents.get(parents.size() - 1) + " by " + method + ".";
    }

    /**
     * Checks the parents and merges them.
     *
     * @param rank null, or the rank to re-compress adapters to ({@code --rank}); refused for heads
     * @throws InvalidInputException when the parents cannot be merged: another kind than head or adapter, mixed kinds,
     *     different base models, different label sets, a head that is not linear, a merge that cancels out
     */
    public static Result merge(List<ParentBrick> parents, MergeParameters parameters, Integer rank)
            throws InvalidInputException, BrickException {
        requireOneMergeableKind(parents);
        requireOneBase(parents);
        double[] weights;
        try {
            weights = parameters.effectiveWeights(parents.size());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        float[] routingKey = routingKey(parents, weights);
        if (parents.get(0).manifest().kind() == BrickKind.HEAD) {
            if (rank != null) {
                throw new InvalidInputException("--rank applies only to adapters, and the parents are heads");
            }
            Map<ParentBrick, List<String>> reordered = new LinkedHashMap<>();
            List<HeadParameters> heads = readHeads(parents, reordered);
            HeadParameters merged;
            try {
                merged = TaskVectorMerge.mergeHeads(heads, parameters);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(e.getMessage());
            }
            return new Result(BrickKind.HEAD, parents, parameters, weights, null, null,
                    parents.get(0).manifest().labels(), reordered, merged, null, new TreeMap<>(), routingKey);
        }
        List<Map<String, LowRankDelta>> deltas = new ArrayList<>();
        for (ParentBrick parent : parents) {
            deltas.add(AdapterWeights.read(parent));
        }
        LowRankMergeResult merged;
        try {
            merged = LowRankMerge.merge(deltas, parameters, rank);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        if (merged.deltas().isEmpty()) {
            throw new InvalidInputException("the merged adapter changes nothing: at every site (" + merged.zeroSites()
                    + ") the weighted parents cancel out or " + parameters.method().externalName()
                    + " zeroed every entry");
        }
        SortedMap<String, int[]> parentRanks = new TreeMap<>();
        for (int i = 0; i < deltas.size(); i++) {
            for (LowRankDelta delta : deltas.get(i).values()) {
                parentRanks.computeIfAbsent(delta.site(), site -> new int[parents.size()])[i] = delta.rank();
            }
        }
        boolean recompressed = rank != null || !parameters.method().isLinearInParents();
        Integer recordedRank = rank != null ? rank : recompressed ? parentRanks.values().stream()
                .flatMapToInt(Arrays::stream).max().orElseThrow() : null;
        return new Result(BrickKind.ADAPTER, parents, parameters, weights, recordedRank, rank, List.of(), Map.of(),
                null, merged, parentRanks, routingKey);
    }

    private static void requireOneMergeableKind(List<ParentBrick> parents) throws InvalidInputException {
        for (ParentBrick parent : parents) {
            BrickKind kind = parent.manifest().kind();
            if (kind != BrickKind.HEAD && kind != BrickKind.ADAPTER) {
                throw new InvalidInputException(parent.described() + " is " + withArticle(kind) + " brick: brick merge "
                        + "merges heads (linear heads with the same labels) or adapters (LoRA deltas), not "
                        + kind.jsonName() + " bricks" + (kind == BrickKind.COMPOSITE
                        ? " (merge its components, or compose the heads with brick compose)" : ""));
            }
        }
        ParentBrick first = parents.get(0);
        for (ParentBrick other : parents.subList(1, parents.size())) {
            if (other.manifest().kind() != first.manifest().kind()) {
                throw new InvalidInputException("the parents are of different kinds: " + first.described() + " is "
                        + withArticle(first.manifest().kind()) + ", " + other.described() + " is "
                        + withArticle(other.manifest().kind()) + "; all parents must be heads, or all adapters");
            }
        }
    }

    private static String withArticle(BrickKind kind) {
        return (kind == BrickKind.ADAPTER ? "an " : "a ") + kind.jsonName();
    }

    private static void requireOneBase(List<ParentBrick> parents) throws InvalidInputException {
        ParentBrick first = parents.get(0);
        for (ParentBrick other : parents.subList(1, parents.size())) {
            BaseModelRef base = other.manifest().base();
            BaseModelRef firstBase = first.manifest().base();
            if (!base.equals(firstBase)) {
                throw new InvalidInputException("the parents are built for different base models: " + first.described()
                        + " for " + describe(firstBase) + ", " + other.described() + " for " + describe(base)
                        + "; only bricks of one base model (name, dim and build) merge");
            }
        }
    }

    private static String describe(BaseModelRef base) {
        return base.name() + " (dim " + base.dim() + ", " + base.digest() + ")";
    }

    /**
     * Each parent's W and b, columns in the first parent's label order; records the parents that were reordered.
     *
     * @throws InvalidInputException when the label sets differ or a graph is not linear
     */
    private static List<HeadParameters> readHeads(List<ParentBrick> parents, Map<ParentBrick, List<String>> reordered)
            throws InvalidInputException {
        List<String> labels = parents.get(0).manifest().labels();
        int dim = parents.get(0).manifest().base().dim();
        List<HeadParameters> heads = new ArrayList<>();
        for (ParentBrick parent : parents) {
            List<String> own = parent.manifest().labels();
            if (!Set.copyOf(own).equals(Set.copyOf(labels)) || own.size() != labels.size()) {
                throw new InvalidInputException("the parents answer different labels: " + parents.get(0).described() + " "
                        + labels + ", " + parent.described() + " " + own + "; heads merge only over one label set");
            }
            String file = parent.manifest().weights().get(0);
            HeadParameters head;
            try {
                head = LinearHeadGraph.read(parent.weights().get(file), parent.described() + " " + file, dim,
                        own.size());
            } catch (MalformedBrickException notLinear) {
                // a valid head that is not linear cannot be merged: the merge was asked wrongly, not the brick made
                throw new InvalidInputException(notLinear.getMessage() + "; brick merge merges only linear heads");
            }
            if (!own.equals(labels)) {
                reordered.put(parent, own);
                head = reorder(head, own, labels);
            }
            heads.add(head);
        }
        return heads;
    }

    /** The head with its columns of W and b moved from the order {@code from} to the order {@code to}. */
    private static HeadParameters reorder(HeadParameters head, List<String> from, List<String> to) {
        int[] source = to.stream().mapToInt(from::indexOf).toArray();
        float[][] weights = new float[head.dim()][source.length];
        float[] bias = new float[source.length];
        for (int k = 0; k < source.length; k++) {
            for (int row = 0; row < head.dim(); row++) {
                weights[row][k] = head.weights()[row][source[k]];
            }
            bias[k] = head.bias()[source[k]];
        }
        return new HeadParameters(weights, bias);
    }

    /**
     * The normalised weighted mean of the routing keys of the parents that have one and a positive weight (a parent
     * subtracted by task arithmetic says what the brick is not for); empty when there are none or they cancel out.
     */
    public static float[] routingKey(List<ParentBrick> parents, double[] weights) {
        return RoutingKey.weightedMean(parents.stream().map(parent -> parent.manifest().routingKey()).toList(),
                weights);
    }
}
