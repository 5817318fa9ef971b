package dev.brickyard.api.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import dev.brickyard.api.kind.Granularity;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The contents of {@code brick/brick.json}, format version 1. {@code docs/brick-format.md} is the normative
 * description of every field; {@link ManifestJson} reads, validates and writes it.
 *
 * @param schemaVersion format version, {@value #SCHEMA_VERSION}
 * @param id {@code namespace/name}
 * @param version a semantic version
 * @param routingKey unit vector in the base model's embedding space that says which inputs this brick is for;
 *                   empty when the brick takes part in routing only when named
 * @param weights files under {@code brick/} that hold the weights; the first is the brick's main graph
 * @param adapter the LoRA sites and ranks of an adapter brick, else null
 * @param neurons the neurons of a neuron brick, else null
 * @param merge how the brick was merged from others, if it was
 */
@JsonPropertyOrder({"schemaVersion", "id", "version", "kind", "origin", "granularity", "description", "tags",
        "labels", "io", "routingKey", "metrics", "license", "authors", "base", "weights", "adapter", "neurons", "merge"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BrickManifest(
        int schemaVersion,
        String id,
        String version,
        BrickKind kind,
        BrickOrigin origin,
        Granularity granularity,
        String description,
        List<String> tags,
        List<String> labels,
        IoSpec io,
        float[] routingKey,
        Map<String, Double> metrics,
        String license,
        List<String> authors,
        BaseModelRef base,
        List<String> weights,
        AdapterSpec adapter,
        NeuronSelection neurons,
        MergeProvenance merge) {

    public static final int SCHEMA_VERSION = 1;

    public BrickManifest {
        tags = tags == null ? List.of() : List.copyOf(tags);
        labels = labels == null ? List.of() : List.copyOf(labels);
        routingKey = routingKey == null ? new float[0] : routingKey.clone();
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        authors = authors == null ? List.of() : List.copyOf(authors);
        weights = weights == null ? List.of() : List.copyOf(weights);
    }

    /** A manifest without adapter, neuron or merge sections (heads, knowledge bricks, composites). */
    public BrickManifest(int schemaVersion, String id, String version, BrickKind kind, BrickOrigin origin,
                         Granularity granularity, String description, List<String> tags, List<String> labels,
                         IoSpec io, float[] routingKey, Map<String, Double> metrics, String license,
                         List<String> authors, BaseModelRef base, List<String> weights) {
        this(schemaVersion, id, version, kind, origin, granularity, description, tags, labels, io, routingKey,
                metrics, license, authors, base, weights, null, null, null);
    }

    /** The id as a value. */
    public BrickId brickId() {
        return BrickId.parse(id);
    }

    /** The version as a value. */
    public SemVer semVer() {
        return SemVer.parse(version);
    }

    /** A copy of the routing key: records expose their arrays, so hand out copies. */
    @Override
    public float[] routingKey() {
        return routingKey.clone();
    }

    /** The same manifest with another version. */
    public BrickManifest withVersion(String newVersion) {
        return new BrickManifest(schemaVersion, id, newVersion, kind, origin, granularity, description, tags, labels,
                io, routingKey, metrics, license, authors, base, weights, adapter, neurons, merge);
    }

    /** The same manifest built for another base model. */
    public BrickManifest withBase(BaseModelRef newBase) {
        return new BrickManifest(schemaVersion, id, version, kind, origin, granularity, description, tags, labels,
                io, routingKey, metrics, license, authors, newBase, weights, adapter, neurons, merge);
    }

    /** The same manifest with another description. */
    public BrickManifest withDescription(String newDescription) {
        return new BrickManifest(schemaVersion, id, version, kind, origin, granularity, newDescription, tags, labels,
                io, routingKey, metrics, license, authors, base, weights, adapter, neurons, merge);
    }

    /** The same manifest with another routing key. */
    public BrickManifest withRoutingKey(float[] newRoutingKey) {
        return new BrickManifest(schemaVersion, id, version, kind, origin, granularity, description, tags, labels,
                io, newRoutingKey, metrics, license, authors, base, weights, adapter, neurons, merge);
    }

    /** The same manifest recording how it was merged. */
    public BrickManifest withMerge(MergeProvenance newMerge) {
        return new BrickManifest(schemaVersion, id, version, kind, origin, granularity, description, tags, labels,
                io, routingKey, metrics, license, authors, base, weights, adapter, neurons, newMerge);
    }

    /** The same manifest with other metrics. */
    public BrickManifest withMetrics(Map<String, Double> newMetrics) {
        return new BrickManifest(schemaVersion, id, version, kind, origin, granularity, description, tags, labels,
                io, routingKey, newMetrics, license, authors, base, weights, adapter, neurons, merge);
    }

    /** The same manifest with other tags. */
    public BrickManifest withTags(List<String> newTags) {
        return new BrickManifest(schemaVersion, id, version, kind, origin, granularity, description, newTags, labels,
                io, routingKey, metrics, license, authors, base, weights, adapter, neurons, merge);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BrickManifest that && schemaVersion == that.schemaVersion
                && Objects.equals(id, that.id) && Objects.equals(version, that.version) && kind == that.kind
                && origin == that.origin && granularity == that.granularity
                && Objects.equals(description, that.description) && tags.equals(that.tags)
                && labels.equals(that.labels) && Objects.equals(io, that.io)
                && Arrays.equals(routingKey, that.routingKey) && metrics.equals(that.metrics)
                && Objects.equals(license, that.license) && authors.equals(that.authors)
                && Objects.equals(base, that.base) && weights.equals(that.weights)
                && Objects.equals(adapter, that.adapter) && Objects.equals(neurons, that.neurons)
                && Objects.equals(merge, that.merge);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, version, kind, labels, Arrays.hashCode(routingKey));
    }

    @Override
    public String toString() {
        return "BrickManifest[" + id + "@" + version + ", kind=" + (kind == null ? null : kind.jsonName()) + "]";
    }
}
