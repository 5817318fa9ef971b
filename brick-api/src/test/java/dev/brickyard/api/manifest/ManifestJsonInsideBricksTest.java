package dev.brickyard.api.manifest;

import static dev.brickyard.api.manifest.ManifestJsonTest.DIGEST;
import static dev.brickyard.api.manifest.ManifestJsonTest.JSON;
import static dev.brickyard.api.manifest.ManifestJsonTest.bytes;
import static dev.brickyard.api.manifest.ManifestJsonTest.paths;
import static dev.brickyard.api.manifest.ManifestJsonTest.validHead;
import static dev.brickyard.api.manifest.ManifestJsonTest.violationPaths;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sections of the bricks that work inside the base model, {@code $.adapter} and {@code $.neurons}, and the
 * merge record {@code $.merge} any brick may carry.
 */
class ManifestJsonInsideBricksTest {
    private static final String OTHER_DIGEST = "sha256:" + "fedcba9876543210".repeat(4);

    /** A valid adapter: two LoRA sites, one adapter file, no labels and no io. */
    private static ObjectNode validAdapter() {
        ObjectNode tree = validHead();
        tree.put("id", "acme/legal-lora");
        tree.put("kind", "adapter");
        tree.put("granularity", "layer");
        tree.remove(List.of("labels", "io"));
        tree.putArray("weights").add("lora.onnx_adapter");
        tree.putObject("adapter").putObject("sites").put("layer.0.query", 8).put("layer.5.ffn_out", 16);
        return tree;
    }

    /** A valid neuron brick: FFN neurons of two layers to keep, no weights, labels or io. */
    private static ObjectNode validNeurons() {
        ObjectNode tree = validHead();
        tree.put("id", "acme/negation-neurons");
        tree.put("kind", "neurons");
        tree.put("origin", "emergent");
        tree.remove(List.of("labels", "io", "weights"));
        ObjectNode layers = tree.putObject("neurons").put("mode", "keep-only").putObject("layers");
        layers.putArray("3").add(17).add(402);
        layers.putArray("5").add(1535);
        return tree;
    }

    /** A valid merge record of two parents by TIES. */
    private static ObjectNode merge(ObjectNode tree) {
        ObjectNode merge = tree.putObject("merge").put("method", "ties");
        merge.putArray("weights").add(0.6).add(0.4);
        merge.put("density", 0.2);
        merge.put("seed", 42);
        ArrayNode parents = merge.putArray("parents");
        parents.addObject().put("id", "acme/mood-a").put("version", "1.0.0").put("digest", DIGEST);
        parents.addObject().put("id", "acme/mood-b").put("version", "0.4.2-rc.1").put("digest", OTHER_DIGEST);
        return tree;
    }

    /** Asserts that the tree breaks exactly one rule, at {@code path}, with a message that says {@code words}. */
    private static void assertOnlyViolation(JsonNode tree, String path, String words) {
        List<Violation> violations = ManifestJson.validate(tree);
        assertEquals(Set.of(path), paths(violations), violations.toString());
        for (Violation violation : violations) {
            assertTrue(violation.message().contains(words), violation.toString());
        }
    }

    /** Reads, writes, reads again: the records are equal and the second write gives the same bytes. */
    private static BrickManifest assertRoundTrips(ObjectNode tree, String section) throws Exception {
        BrickManifest manifest = ManifestJson.read(bytes(tree));

        byte[] written = ManifestJson.write(manifest);
        BrickManifest reread = ManifestJson.read(written);

        assertEquals(manifest, reread);
        assertArrayEquals(written, ManifestJson.write(reread), "writing is stable");
        assertEquals(tree.get(section), JSON.readTree(written).get(section), "the section is written as read");
        assertEquals(List.of(), ManifestJson.validate(ManifestJson.toTree(manifest)));
        return manifest;
    }

    private static List<String> writtenFields(BrickManifest manifest) throws Exception {
        List<String> fields = new ArrayList<>();
        JSON.readTree(ManifestJson.write(manifest)).fieldNames().forEachRemaining(fields::add);
        return fields;
    }

    // --- adapter ---

    @Test
    void readsAnAdapterManifest() throws Exception {
        BrickManifest manifest = assertRoundTrips(validAdapter(), "adapter");

        assertEquals(BrickKind.ADAPTER, manifest.kind());
        assertEquals(new AdapterSpec(Map.of("layer.0.query", 8, "layer.5.ffn_out", 16)), manifest.adapter());
        assertEquals(List.of("lora.onnx_adapter"), manifest.weights());
        assertEquals(List.of(), manifest.labels());
        assertNull(manifest.io());
        assertNull(manifest.neurons());
        assertNull(manifest.merge());
        List<String> fields = writtenFields(manifest);
        assertEquals("adapter", fields.get(fields.size() - 1), "after weights, and no empty sections: " + fields);
        assertFalse(fields.contains("io") || fields.contains("neurons") || fields.contains("merge"), fields.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"query", "key", "value", "attention_out", "ffn_in", "ffn_out"})
    void everyMatrixOfALayerIsASite(String matrix) {
        ObjectNode tree = validAdapter();
        tree.putObject("adapter").putObject("sites").put("layer.11." + matrix, 1);

        assertEquals(List.of(), ManifestJson.validate(tree), "brick-api does not know how many layers a base has");
    }

    @Test
    void anAdapterMustHaveItsSection() {
        ObjectNode tree = validAdapter();
        tree.remove("adapter");
        assertOnlyViolation(tree, "$.adapter", "required for an adapter");

        tree.put("adapter", "layer.5.ffn_out");
        assertOnlyViolation(tree, "$.adapter", "must be an object");
    }

    @Test
    void anAdapterNamesAtLeastOneSite() {
        ObjectNode tree = validAdapter();
        ((ObjectNode) tree.get("adapter")).remove("sites");
        assertOnlyViolation(tree, "$.adapter.sites", "required, a non-empty object of LoRA site to rank");

        ((ObjectNode) tree.get("adapter")).putObject("sites");
        assertOnlyViolation(tree, "$.adapter.sites", "non-empty object");

        ((ObjectNode) tree.get("adapter")).putArray("sites").add("layer.5.ffn_out");
        assertOnlyViolation(tree, "$.adapter.sites", "non-empty object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"layer.9.querry", "layer.05.query", "layer.-1.key", "encoder.1.query", "layer.1",
            "Layer.1.query", "layer.1.query.bias", "layer.99999999999.value", "layer.x.value"})
    void reportsANameThatIsNotASiteAtTheSite(String site) {
        ObjectNode tree = validAdapter();
        ((ObjectNode) tree.get("adapter").get("sites")).put(site, 4);

        assertOnlyViolation(tree, "$.adapter.sites[\"" + site + "\"]", "not a LoRA site");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-4", "1025", "8.0", "8.5", "\"8\"", "null", "[8]", "4294967304"})
    void aRankIsAnIntegerFromOneTo1024(String rank) throws Exception {
        ObjectNode tree = validAdapter();
        ((ObjectNode) tree.get("adapter").get("sites")).set("layer.9.query", JSON.readTree(rank));

        assertOnlyViolation(tree, "$.adapter.sites[\"layer.9.query\"]", "rank must be an integer from 1 to 1024");
    }

    @Test
    void aSitePathQuotesItsName() {
        ObjectNode tree = validAdapter();
        ((ObjectNode) tree.get("adapter").get("sites")).put("a \"b\"", 1024);

        assertOnlyViolation(tree, "$.adapter.sites[\"a \\\"b\\\"\"]", "not a LoRA site");
    }

    @Test
    void anAdapterSectionHasOnlySites() {
        ObjectNode tree = validAdapter();
        ((ObjectNode) tree.get("adapter")).put("alpha", 16);

        assertOnlyViolation(tree, "$.adapter.alpha", "unknown field (known: sites)");
    }

    @Test
    void anAdapterListsItsAdapterFiles() throws Exception {
        ObjectNode tree = validAdapter();
        tree.remove("weights");
        assertOnlyViolation(tree, "$.weights", "required");

        tree.putArray("weights");
        assertOnlyViolation(tree, "$.weights", "an adapter needs its LoRA weights, one or more .onnx_adapter files");

        tree.putArray("weights").add("lora.onnx_adapter").add("extra/more.onnx_adapter");
        assertEquals(List.of(), ManifestJson.validate(tree), "split over several files");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lora.onnx", "lora.onnx_adapter.bin", ".onnx_adapter", "w/.onnx_adapter",
            "../lora.onnx_adapter", "lora.ONNX_ADAPTER"})
    void everyFileOfAnAdapterIsAnOnnxAdapter(String file) {
        ObjectNode tree = validAdapter();
        tree.putArray("weights").add("lora.onnx_adapter").add(file);

        assertOnlyViolation(tree, "$.weights[1]", "ending in .onnx_adapter");
    }

    @Test
    void anAdapterListsEachFileOnce() {
        ObjectNode tree = validAdapter();
        tree.putArray("weights").add("lora.onnx_adapter").add("lora.onnx_adapter");

        assertOnlyViolation(tree, "$.weights[1]", "duplicate 'lora.onnx_adapter'");
    }

    @Test
    void anAdapterHasNoLabels() {
        ObjectNode tree = validAdapter();
        tree.putArray("labels").add("legal").add("other");
        assertOnlyViolation(tree, "$.labels", "an adapter has no labels");

        tree.putArray("labels");
        assertEquals(List.of(), ManifestJson.validate(tree));
    }

    @Test
    void anAdapterHasNoIoAsItChangesTheBaseModel() {
        ObjectNode tree = validAdapter();
        tree.set("io", validHead().get("io"));

        assertOnlyViolation(tree, "$.io", "an adapter has no graph of its own, so no io: it changes matrices inside "
                + "the base model");
    }

    @Test
    void anAdapterIsCustomized() {
        ObjectNode tree = validAdapter();
        tree.put("origin", "emergent");

        assertOnlyViolation(tree, "$.origin", "an adapter is made after training");
    }

    // --- neurons ---

    @Test
    void readsANeuronManifest() throws Exception {
        BrickManifest manifest = assertRoundTrips(validNeurons(), "neurons");

        assertEquals(BrickKind.NEURONS, manifest.kind());
        assertEquals(BrickOrigin.EMERGENT, manifest.origin());
        assertEquals(new NeuronSelection(NeuronSelection.Mode.KEEP_ONLY,
                Map.of("3", List.of(17, 402), "5", List.of(1535))), manifest.neurons());
        assertEquals(3, manifest.neurons().size());
        assertEquals(List.of(), manifest.weights());
        assertNull(manifest.io());
        assertNull(manifest.adapter());
        List<String> fields = writtenFields(manifest);
        assertEquals("neurons", fields.get(fields.size() - 1), fields.toString());
        assertFalse(fields.contains("adapter") || fields.contains("merge"), fields.toString());
    }

    @Test
    void readsTheAblateMode() throws Exception {
        ObjectNode tree = validNeurons();
        ((ObjectNode) tree.get("neurons")).put("mode", "ablate");
        tree.putArray("weights");

        assertEquals(NeuronSelection.Mode.ABLATE, assertRoundTrips(tree, "neurons").neurons().mode());
    }

    @Test
    void aNeuronBrickMustHaveItsSection() {
        ObjectNode tree = validNeurons();
        tree.remove("neurons");
        assertOnlyViolation(tree, "$.neurons", "required for a neuron brick");

        tree.putArray("neurons").add(17);
        assertOnlyViolation(tree, "$.neurons", "must be an object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"zero\"", "\"Ablate\"", "\"keep_only\"", "1", "null"})
    void aNeuronModeIsAblateOrKeepOnly(String mode) throws Exception {
        ObjectNode tree = validNeurons();
        ((ObjectNode) tree.get("neurons")).set("mode", JSON.readTree(mode));

        assertOnlyViolation(tree, "$.neurons.mode", "must be one of ablate, keep-only");
    }

    @Test
    void aNeuronModeIsRequired() {
        ObjectNode tree = validNeurons();
        ((ObjectNode) tree.get("neurons")).remove("mode");

        assertOnlyViolation(tree, "$.neurons.mode", "required; must be one of ablate, keep-only");
    }

    @ParameterizedTest
    @ValueSource(strings = {"absent", "{}", "[]", "\"3\""})
    void aNeuronBrickNamesAtLeastOneLayer(String layers) throws Exception {
        ObjectNode tree = validNeurons();
        if (layers.equals("absent")) {
            ((ObjectNode) tree.get("neurons")).remove("layers");
        } else {
            ((ObjectNode) tree.get("neurons")).set("layers", JSON.readTree(layers));
        }

        assertOnlyViolation(tree, "$.neurons.layers", "a non-empty object of layer number to neuron indexes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"03", "x", "-1", "layer.3", "", "1e2", "12345678901"})
    void aLayerIsADecimalNumber(String layer) {
        ObjectNode tree = validNeurons();
        ((ObjectNode) tree.get("neurons").get("layers")).putArray(layer).add(1);

        assertOnlyViolation(tree, "$.neurons.layers[\"" + layer + "\"]", "not a layer number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "17", "{\"17\": true}", "null"})
    void aLayerNamesAtLeastOneNeuron(String neurons) throws Exception {
        ObjectNode tree = validNeurons();
        ((ObjectNode) tree.get("neurons").get("layers")).set("4", JSON.readTree(neurons));

        assertOnlyViolation(tree, "$.neurons.layers[\"4\"]", "must be a non-empty array of neuron indexes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "17.0", "\"17\"", "null", "2147483648"})
    void aNeuronIsANonNegativeInteger(String index) throws Exception {
        ObjectNode tree = validNeurons();
        ((ArrayNode) tree.get("neurons").get("layers").get("3")).add(JSON.readTree(index));

        assertOnlyViolation(tree, "$.neurons.layers[\"3\"][2]", "must be a neuron index, an integer of at least 0");
    }

    @Test
    void aLayerNamesEachNeuronOnce() {
        ObjectNode tree = validNeurons();
        ((ArrayNode) tree.get("neurons").get("layers").get("3")).add(9).add(17);

        assertOnlyViolation(tree, "$.neurons.layers[\"3\"][3]", "duplicate neuron 17");
    }

    @Test
    void theSameIndexInAnotherLayerIsAnotherNeuron() {
        ObjectNode tree = validNeurons();
        ((ArrayNode) tree.get("neurons").get("layers").get("5")).add(17);

        assertEquals(List.of(), ManifestJson.validate(tree));
    }

    @Test
    void aNeuronBrickNamesAtMost100000Neurons() {
        ObjectNode tree = validNeurons();
        ObjectNode layers = ((ObjectNode) tree.get("neurons")).putObject("layers");
        ArrayNode first = layers.putArray("0");
        for (int i = 0; i < ManifestJson.MAX_NEURONS - 1; i++) {
            first.add(i);
        }
        layers.putArray("1").add(0);
        assertEquals(List.of(), ManifestJson.validate(tree), "exactly the limit, over two layers");

        ((ArrayNode) layers.get("1")).add(1);
        assertOnlyViolation(tree, "$.neurons.layers", "names 100001 neurons, more than the limit of 100000");
    }

    @Test
    void aNeuronSectionHasOnlyModeAndLayers() {
        ObjectNode tree = validNeurons();
        ((ObjectNode) tree.get("neurons")).put("threshold", 0.5);

        assertOnlyViolation(tree, "$.neurons.threshold", "unknown field (known: layers, mode)");
    }

    @Test
    void aNeuronBrickCarriesNoWeights() {
        ObjectNode tree = validNeurons();
        tree.putArray("weights").add("mask.bin");

        assertOnlyViolation(tree, "$.weights", "a neuron brick carries no weights");
    }

    @Test
    void aNeuronBrickHasNoLabelsAndNoIo() {
        ObjectNode tree = validNeurons();
        tree.putArray("labels").add("negation").add("other");
        assertOnlyViolation(tree, "$.labels", "a neuron brick has no labels");

        tree = validNeurons();
        tree.set("io", validHead().get("io"));
        assertOnlyViolation(tree, "$.io", "a neuron brick has no graph of its own, so no io");
    }

    @Test
    void aNeuronBrickIsEmergent() {
        ObjectNode tree = validNeurons();
        tree.put("origin", "customized");

        assertOnlyViolation(tree, "$.origin", "a neuron brick names neurons that emerged in pre-training");
    }

    // --- sections on the wrong kind ---

    @Test
    void onlyAnAdapterHasAnAdapterSection() {
        for (ObjectNode tree : List.of(validHead(), validNeurons())) {
            tree.set("adapter", validAdapter().get("adapter"));
            String kind = tree.get("kind").textValue();

            assertOnlyViolation(tree, "$.adapter", "only an adapter has $.adapter, this is a"
                    + (kind.equals("head") ? " head" : " neuron brick"));
        }
    }

    @Test
    void onlyANeuronBrickHasANeuronSection() {
        for (ObjectNode tree : List.of(validHead(), validAdapter())) {
            tree.set("neurons", validNeurons().get("neurons"));
            String kind = tree.get("kind").textValue();

            assertOnlyViolation(tree, "$.neurons", "only a neuron brick has $.neurons, this is a"
                    + (kind.equals("head") ? " head" : "n adapter"));
        }
    }

    @Test
    void theSectionsAreCheckedWhenTheKindIsUnknown() {
        ObjectNode tree = validAdapter();
        tree.put("kind", "lora");
        ((ObjectNode) tree.get("adapter")).putObject("sites");

        assertEquals(Set.of("$.kind", "$.adapter.sites"), violationPaths(tree));
    }

    // --- merge ---

    @Test
    void readsAMergedHead() throws Exception {
        BrickManifest manifest = assertRoundTrips(merge(validHead()), "merge");

        assertEquals(new MergeProvenance("ties", List.of(0.6, 0.4), 0.2, 42L, null, List.of(
                new MergeProvenance.Parent("acme/mood-a", "1.0.0", DIGEST),
                new MergeProvenance.Parent("acme/mood-b", "0.4.2-rc.1", OTHER_DIGEST))), manifest.merge());
        List<String> fields = writtenFields(manifest);
        assertEquals(List.of("weights", "merge"), fields.subList(fields.size() - 2, fields.size()), fields.toString());
        JsonNode written = JSON.readTree(ManifestJson.write(manifest)).get("merge");
        assertFalse(written.has("rank"), "an absent parameter is not written as null: " + written);
    }

    @Test
    void readsAMergedAdapterWithItsRank() throws Exception {
        ObjectNode tree = merge(validAdapter());
        ObjectNode merge = (ObjectNode) tree.get("merge");
        merge.put("method", "linear").put("rank", 16).remove(List.of("density", "seed"));

        BrickManifest manifest = assertRoundTrips(tree, "merge");

        assertEquals(16, manifest.merge().rank());
        assertNull(manifest.merge().density());
        assertNull(manifest.merge().seed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear", "task-arithmetic", "ties", "dare"})
    void everyMergeMethodIsAccepted(String method) {
        ObjectNode tree = merge(validHead());
        ((ObjectNode) tree.get("merge")).put("method", method);

        assertEquals(List.of(), ManifestJson.validate(tree));
    }

    @Test
    void aNeuronBrickMayBeMerged() {
        assertEquals(List.of(), ManifestJson.validate(merge(validNeurons())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"average\"", "\"TIES\"", "3"})
    void aMergeMethodIsOneOfTheFour(String method) throws Exception {
        ObjectNode tree = merge(validHead());
        ((ObjectNode) tree.get("merge")).set("method", JSON.readTree(method));

        assertOnlyViolation(tree, "$.merge.method", "must be one of linear, task-arithmetic, ties, dare");
    }

    @Test
    void aMergeMustBeAnObject() {
        ObjectNode tree = validHead();
        tree.put("merge", "ties");

        assertOnlyViolation(tree, "$.merge", "must be an object {method, weights, parents}");
    }

    @Test
    void reportsEveryMissingFieldOfAMerge() {
        ObjectNode tree = validHead();
        tree.putObject("merge");

        assertEquals(Set.of("$.merge.method", "$.merge.weights", "$.merge.parents"), violationPaths(tree));
    }

    @Test
    void aMergeHasAtLeastTwoParents() {
        ObjectNode tree = merge(validHead());
        ((ArrayNode) tree.get("merge").get("parents")).remove(1);
        ((ArrayNode) tree.get("merge").get("weights")).remove(1);

        assertOnlyViolation(tree, "$.merge.parents", "at least two parents");
    }

    @Test
    void aMergeHasOneWeightPerParent() {
        ObjectNode tree = merge(validHead());
        ((ArrayNode) tree.get("merge").get("weights")).add(0.1);

        assertOnlyViolation(tree, "$.merge.weights", "has 3 weights for 2 parents: one weight per parent");
    }

    @Test
    void aMergeWeightIsAFiniteNumber() {
        ObjectNode tree = merge(validHead());
        ((ArrayNode) tree.get("merge").get("weights")).set(1, JSON.getNodeFactory().textNode("0.4"));

        assertOnlyViolation(tree, "$.merge.weights[1]", "must be a finite number");
    }

    @Test
    void aNegativeMergeWeightSubtractsATask() {
        ObjectNode tree = merge(validHead());
        ((ObjectNode) tree.get("merge")).put("method", "task-arithmetic").putArray("weights").add(1).add(-0.5);

        assertEquals(List.of(), ManifestJson.validate(tree));
    }

    @Test
    void reportsEachBrokenFieldOfAParent() {
        ObjectNode tree = merge(validHead());
        ArrayNode parents = (ArrayNode) tree.get("merge").get("parents");
        ((ObjectNode) parents.get(0)).put("id", "Acme/Mood").put("url", "https://example.com");
        ((ObjectNode) parents.get(1)).put("version", "1.2").put("digest", DIGEST.toUpperCase());
        parents.add("acme/mood-c");
        ((ArrayNode) tree.get("merge").get("weights")).add(1);

        List<Violation> violations = ManifestJson.validate(tree);

        assertEquals(Set.of("$.merge.parents[0].id", "$.merge.parents[0].url", "$.merge.parents[1].version",
                "$.merge.parents[1].digest", "$.merge.parents[2]"), paths(violations), violations.toString());
        assertTrue(violations.toString().contains("$.merge.parents[1].digest: must be the parent archive's sha256:"),
                violations.toString());
        assertTrue(violations.toString().contains("$.merge.parents[2]: must be an object {id, version, digest}"),
                violations.toString());
    }

    @Test
    void aParentNamesIdVersionAndDigest() {
        ObjectNode tree = merge(validHead());
        ((ObjectNode) tree.get("merge").get("parents").get(1)).removeAll();

        assertEquals(Set.of("$.merge.parents[1].id", "$.merge.parents[1].version", "$.merge.parents[1].digest"),
                violationPaths(tree));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0.1", "1.5", "\"0.5\"", "null"})
    void aDensityIsAShareAboveZeroUpToOne(String density) throws Exception {
        ObjectNode tree = merge(validHead());
        ((ObjectNode) tree.get("merge")).set("density", JSON.readTree(density));

        assertOnlyViolation(tree, "$.merge.density", "must be a number greater than 0 and at most 1");
    }

    @Test
    void aDensityOfOneKeepsEverything() {
        ObjectNode tree = merge(validHead());
        ((ObjectNode) tree.get("merge")).put("density", 1);

        assertEquals(List.of(), ManifestJson.validate(tree));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "\"42\"", "18446744073709551616", "null"})
    void aSeedIsA64BitInteger(String seed) throws Exception {
        ObjectNode tree = merge(validHead());
        ((ObjectNode) tree.get("merge")).set("seed", JSON.readTree(seed));

        assertOnlyViolation(tree, "$.merge.seed", "must be an integer that fits in 64 bits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "8.5", "\"8\""})
    void aRankIsAPositiveInteger(String rank) throws Exception {
        ObjectNode tree = merge(validHead());
        ((ObjectNode) tree.get("merge")).set("rank", JSON.readTree(rank));

        assertOnlyViolation(tree, "$.merge.rank", "must be an integer of at least 1");
    }

    @Test
    void aMergeHasNoOtherFields() {
        ObjectNode tree = merge(validHead());
        ((ObjectNode) tree.get("merge")).put("lambda", 0.5);

        assertOnlyViolation(tree, "$.merge.lambda",
                "unknown field (known: density, method, parents, rank, seed, weights)");
    }
}
