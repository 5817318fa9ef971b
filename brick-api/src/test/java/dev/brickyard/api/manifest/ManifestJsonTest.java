package dev.brickyard.api.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import dev.brickyard.api.kind.Granularity;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestJsonTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int DIM = 384;
    static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    /** A complete, valid head manifest for all-minilm-l6-v2, as a tree each test may break in its own way. */
    static ObjectNode validHead() {
        ObjectNode tree = JSON.createObjectNode();
        tree.put("schemaVersion", 1);
        tree.put("id", "acme/sentiment");
        tree.put("version", "1.2.0-rc.1+build.7");
        tree.put("kind", "head");
        tree.put("origin", "customized");
        tree.put("granularity", "neuron-group");
        tree.put("description", "Says whether a review is positive or negative.");
        tree.putArray("tags").add("sentiment").add("reviews");
        tree.putArray("labels").add("negative").add("positive");
        ObjectNode io = tree.putObject("io");
        tensor(io.putArray("inputs"), "embedding", -1, DIM);
        tensor(io.putArray("outputs"), "probabilities", -1, 2);
        ArrayNode key = tree.putArray("routingKey");
        for (float value : unitVector(DIM)) {
            key.add(value);
        }
        tree.putObject("metrics").put("heldout_accuracy", 0.8667).put("train_examples", 340);
        tree.put("license", "Apache-2.0");
        tree.putArray("authors").add("Ada Lovelace").add("Brickyard developers");
        tree.putObject("base").put("name", "all-minilm-l6-v2").put("dim", DIM).put("digest", DIGEST);
        tree.putArray("weights").add("head.onnx").add("data/head.onnx.data");
        return tree;
    }

    private static void tensor(ArrayNode list, String name, long... shape) {
        ObjectNode tensor = list.addObject().put("name", name).put("dtype", "float32");
        ArrayNode dims = tensor.putArray("shape");
        for (long dim : shape) {
            dims.add(dim);
        }
    }

    /** A vector of unit length whose components differ, so that reordering them would be noticed. */
    private static float[] unitVector(int dim) {
        double[] raw = new double[dim];
        double norm = 0;
        for (int i = 0; i < dim; i++) {
            raw[i] = Math.sin(i + 1.0);
            norm += raw[i] * raw[i];
        }
        float[] unit = new float[dim];
        for (int i = 0; i < dim; i++) {
            unit[i] = (float) (raw[i] / Math.sqrt(norm));
        }
        return unit;
    }

    static byte[] bytes(JsonNode tree) throws IOException {
        return JSON.writeValueAsBytes(tree);
    }

    static Set<String> paths(List<Violation> violations) {
        return violations.stream().map(Violation::path).collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<String> violationPaths(JsonNode tree) {
        return paths(ManifestJson.validate(tree));
    }

    @Test
    void readsACompleteHeadManifest() throws Exception {
        BrickManifest manifest = ManifestJson.read(bytes(validHead()));

        assertEquals(1, manifest.schemaVersion());
        assertEquals(BrickId.parse("acme/sentiment"), manifest.brickId());
        assertEquals(SemVer.parse("1.2.0-rc.1+build.7"), manifest.semVer());
        assertEquals(BrickKind.HEAD, manifest.kind());
        assertEquals(BrickOrigin.CUSTOMIZED, manifest.origin());
        assertEquals(Granularity.NEURON_GROUP, manifest.granularity());
        assertEquals("Says whether a review is positive or negative.", manifest.description());
        assertEquals(List.of("sentiment", "reviews"), manifest.tags());
        assertEquals(List.of("negative", "positive"), manifest.labels());
        assertEquals(new IoSpec(List.of(new TensorSpec("embedding", "float32", List.of(-1L, 384L))),
                List.of(new TensorSpec("probabilities", "float32", List.of(-1L, 2L)))), manifest.io());
        assertArrayEquals(unitVector(DIM), manifest.routingKey());
        assertEquals(Map.of("heldout_accuracy", 0.8667, "train_examples", 340.0), manifest.metrics());
        assertEquals("Apache-2.0", manifest.license());
        assertEquals(List.of("Ada Lovelace", "Brickyard developers"), manifest.authors());
        assertEquals(new BaseModelRef("all-minilm-l6-v2", DIM, DIGEST), manifest.base());
        assertEquals(List.of("head.onnx", "data/head.onnx.data"), manifest.weights());
    }

    @Test
    void aValidManifestHasNoViolations() {
        assertEquals(List.of(), ManifestJson.validate(validHead()));
    }

    @Test
    void writeThenReadGivesAnEqualManifest() throws Exception {
        BrickManifest manifest = ManifestJson.read(bytes(validHead()));

        byte[] written = ManifestJson.write(manifest);
        BrickManifest reread = ManifestJson.read(written);

        assertEquals(manifest, reread);
        assertEquals(manifest.hashCode(), reread.hashCode());
        assertArrayEquals(written, ManifestJson.write(reread), "writing is stable");
    }

    @Test
    void writesIndentedUtf8JsonWithFieldsInTheDocumentedOrder() throws Exception {
        ObjectNode tree = validHead();
        tree.put("description", "Détecte le sentiment — «positif» ou «négatif».");
        byte[] written = ManifestJson.write(ManifestJson.read(bytes(tree)));

        String text = new String(written, StandardCharsets.UTF_8);
        assertTrue(text.contains("«positif»"), "non-ASCII text is written as UTF-8");
        assertTrue(text.startsWith("{\n") || text.startsWith("{\r\n"), "indented");
        assertTrue(text.endsWith("\n"));
        List<String> fields = new ArrayList<>();
        JSON.readTree(written).fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("schemaVersion", "id", "version", "kind", "origin", "granularity", "description",
                "tags", "labels", "io", "routingKey", "metrics", "license", "authors", "base", "weights"), fields);
    }

    @Test
    void aManifestWithoutOptionalFieldsRoundTrips() throws Exception {
        ObjectNode tree = validHead();
        tree.put("kind", "neurons");
        tree.put("origin", "emergent");
        tree.remove(List.of("tags", "labels", "io", "routingKey", "metrics", "weights"));
        ObjectNode neurons = tree.putObject("neurons").put("mode", "ablate");
        neurons.putObject("layers").putArray("2").add(7);

        BrickManifest manifest = ManifestJson.read(bytes(tree));

        assertEquals(List.of(), manifest.labels());
        assertEquals(0, manifest.routingKey().length);
        assertEquals(manifest, ManifestJson.read(ManifestJson.write(manifest)));
        assertEquals(List.of(), ManifestJson.validate(ManifestJson.toTree(manifest)));
    }

    @Test
    void toTreeOfAReadManifestValidates() throws Exception {
        BrickManifest manifest = ManifestJson.read(bytes(validHead()));

        assertEquals(List.of(), ManifestJson.validate(ManifestJson.toTree(manifest)));
        assertEquals(manifest, ManifestJson.read(bytes(ManifestJson.toTree(manifest))));
    }

    @Test
    void readsFromAStreamWithoutClosingIt() throws Exception {
        boolean[] closed = {false};
        ByteArrayInputStream in = new ByteArrayInputStream(bytes(validHead())) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        assertEquals(ManifestJson.read(bytes(validHead())), ManifestJson.read(in));
        assertFalse(closed[0]);
    }

    @Test
    void reportsEveryViolationOfAHeadAtOnceWithItsPath() throws Exception {
        ObjectNode tree = validHead();
        tree.put("schemaVersion", 2);
        tree.put("id", "Acme/Sentiment");
        tree.put("version", "1.2");
        tree.put("origin", "bought");
        tree.putArray("tags").add("sentiment").add("Not A Tag");
        tree.putArray("labels").add("negative").add("positive").add("neutral").add("positive");
        ((ObjectNode) tree.get("io").get("inputs").get(0)).putArray("shape").add(-1).add(768);
        ((ObjectNode) tree.get("io").get("outputs").get(0)).put("dtype", "float16");
        ((ObjectNode) tree.get("io").get("outputs").get(0)).putArray("shape").add(-1).add(4);
        tree.putArray("routingKey").add(1.0).add(0.0).add(0.0);
        ((ObjectNode) tree.get("metrics")).put("accuracy", "high");
        tree.putArray("weights").add("head.onnx").add("../../etc/passwd");
        ((ObjectNode) tree.get("base")).put("digest", "sha256:ABC");
        tree.put("colour", "red");

        List<Violation> violations = ManifestJson.validate(tree);

        assertEquals(new TreeSet<>(List.of("$.schemaVersion", "$.id", "$.version", "$.origin", "$.tags[1]",
                "$.labels[3]", "$.io.inputs[0].shape", "$.io.outputs[0].dtype", "$.routingKey", "$.metrics.accuracy",
                "$.weights[1]", "$.base.digest", "$.colour")), paths(violations));

        MalformedBrickException error = assertThrows(MalformedBrickException.class,
                () -> ManifestJson.read(bytes(tree)));
        assertEquals(violations, error.violations());
    }

    @Test
    void aDuplicateLabelIsReportedAtTheLabelOnly() {
        ObjectNode tree = validHead();
        tree.putArray("labels").add("negative").add("positive").add("negative");
        ((ObjectNode) tree.get("io").get("outputs").get(0)).putArray("shape").add(-1).add(3);

        List<Violation> violations = ManifestJson.validate(tree);

        assertEquals(Set.of("$.labels[2]"), paths(violations), violations.toString());
        assertTrue(violations.get(0).message().contains("duplicate 'negative'"), violations.toString());
    }

    @Test
    void reportsAnUnknownKindListingTheKnownOnes() {
        ObjectNode tree = validHead();
        tree.put("kind", "widget");

        List<Violation> violations = ManifestJson.validate(tree);

        assertEquals(Set.of("$.kind"), paths(violations));
        String message = violations.get(0).message();
        for (BrickKind kind : BrickKind.values()) {
            assertTrue(message.contains(kind.jsonName()), message);
        }
        assertTrue(message.contains("\"widget\""), message);
    }

    @Test
    void reportsEveryMissingRequiredField() {
        assertEquals(new TreeSet<>(List.of("$.schemaVersion", "$.id", "$.version", "$.kind", "$.origin",
                        "$.granularity", "$.description", "$.license", "$.authors", "$.base")),
                violationPaths(JSON.createObjectNode()));
    }

    @Test
    void aHeadMustDeclareLabelsIoAndWeights() {
        ObjectNode tree = validHead();
        tree.remove(List.of("labels", "io", "weights"));

        assertEquals(Set.of("$.labels", "$.io", "$.weights"), violationPaths(tree));
    }

    /** A valid knowledge manifest of 3 facts: no labels, scores [-1, 3], key graph and values file. */
    private static ObjectNode validKnowledge() {
        ObjectNode tree = validHead();
        tree.put("kind", "knowledge");
        tree.putArray("labels");
        ((ObjectNode) tree.get("io").get("outputs").get(0)).put("name", "scores").putArray("shape").add(-1).add(3);
        tree.putArray("weights").add("keys.onnx").add("values.jsonl");
        tree.putObject("metrics").put("facts", 3);
        return tree;
    }

    @Test
    void readsAKnowledgeManifest() throws Exception {
        BrickManifest manifest = ManifestJson.read(bytes(validKnowledge()));

        assertEquals(BrickKind.KNOWLEDGE, manifest.kind());
        assertEquals(List.of(), manifest.labels());
        assertEquals(List.of(-1L, 3L), manifest.io().outputs().get(0).shape());
        assertEquals(List.of("keys.onnx", "values.jsonl"), manifest.weights());
    }

    @Test
    void aKnowledgeBrickMustDeclareIoAndItsTwoFiles() {
        ObjectNode tree = validKnowledge();
        tree.remove(List.of("labels", "io", "weights"));
        assertEquals(Set.of("$.io", "$.weights"), violationPaths(tree));

        tree = validKnowledge();
        tree.putArray("weights").add("keys.onnx");
        assertEquals(Set.of("$.weights"), violationPaths(tree));
    }

    @Test
    void aKnowledgeBrickHasNoLabelsAndOneScorePerFact() {
        ObjectNode tree = validKnowledge();
        tree.putArray("labels").add("a").add("b");
        ((ObjectNode) tree.get("io").get("outputs").get(0)).putArray("shape").add(-1).add(-1);
        ((ObjectNode) tree.get("io").get("inputs").get(0)).putArray("shape").add(-1).add(512);
        tensor((ArrayNode) tree.get("io").get("outputs"), "extra", -1, 3);

        assertEquals(Set.of("$.labels", "$.io.inputs[0].shape", "$.io.outputs"), violationPaths(tree));
        ((ArrayNode) tree.get("io").get("outputs")).remove(1);
        assertEquals(Set.of("$.labels", "$.io.inputs[0].shape", "$.io.outputs[0].shape"), violationPaths(tree));
    }

    /** A valid composite manifest: labels, no io, its recipe as the one weights file. */
    private static ObjectNode validComposite() {
        ObjectNode tree = validHead();
        tree.put("kind", "composite");
        tree.remove("io");
        tree.putArray("weights").add("recipe.json");
        tree.putObject("metrics").put("components", 2);
        return tree;
    }

    @Test
    void readsACompositeManifest() throws Exception {
        BrickManifest manifest = ManifestJson.read(bytes(validComposite()));

        assertEquals(BrickKind.COMPOSITE, manifest.kind());
        assertEquals(List.of("negative", "positive"), manifest.labels());
        assertEquals(null, manifest.io());
        assertEquals(List.of(CompositeRecipe.FILE), manifest.weights());
        assertEquals(manifest, ManifestJson.read(ManifestJson.write(manifest)));
    }

    @Test
    void aCompositeMustDeclareLabelsAndItsRecipe() {
        ObjectNode tree = validComposite();
        tree.remove(List.of("labels", "weights"));
        assertEquals(Set.of("$.labels", "$.weights"), violationPaths(tree));

        tree = validComposite();
        tree.putArray("labels").add("only");
        assertEquals(Set.of("$.labels"), violationPaths(tree));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[\"head.onnx\"]", "[\"recipe.json\", \"head.onnx\"]", "[\"other/recipe.json\"]"})
    void aCompositesOnlyWeightsFileIsItsRecipe(String weights) throws Exception {
        ObjectNode tree = validComposite();
        tree.set("weights", JSON.readTree(weights));

        assertEquals(Set.of("$.weights"), violationPaths(tree));
    }

    @Test
    void aCompositeHasNoIo() {
        ObjectNode tree = validComposite();
        tree.set("io", validHead().get("io"));

        assertEquals(Set.of("$.io"), violationPaths(tree));
    }

    @Test
    void aHeadNeedsAtLeastTwoLabels() {
        ObjectNode tree = validHead();
        tree.putArray("labels").add("only");
        ((ObjectNode) tree.get("io").get("outputs").get(0)).putArray("shape").add(-1).add(1);

        assertEquals(Set.of("$.labels"), violationPaths(tree));
    }

    @Test
    void aHeadsOutputHasOneColumnPerLabel() {
        ObjectNode tree = validHead();
        tree.putArray("labels").add("anger").add("joy").add("sadness");

        assertEquals(Set.of("$.io.outputs[0].shape"), violationPaths(tree));
    }

    @Test
    void aHeadHasExactlyOneInputAndOneOutput() {
        ObjectNode tree = validHead();
        tensor((ArrayNode) tree.get("io").get("inputs"), "extra", -1, DIM);
        tensor((ArrayNode) tree.get("io").get("outputs"), "logits", -1, 2);

        assertEquals(Set.of("$.io.inputs", "$.io.outputs"), violationPaths(tree));
    }

    @Test
    void reportsMalformedTensors() {
        ObjectNode tree = validHead();
        ObjectNode input = (ObjectNode) tree.get("io").get("inputs").get(0);
        input.put("name", " ");
        input.putArray("shape").add(-1).add(0);
        ((ArrayNode) tree.get("io").get("outputs")).removeAll();

        assertEquals(Set.of("$.io.inputs[0].name", "$.io.inputs[0].shape[1]", "$.io.inputs[0].shape",
                "$.io.outputs"), violationPaths(tree));
    }

    @Test
    void reportsARoutingKeyOfTheWrongLength() {
        ObjectNode tree = validHead();
        tree.putArray("routingKey").add(0.6).add(0.8);

        List<Violation> violations = ManifestJson.validate(tree);

        assertEquals(Set.of("$.routingKey"), paths(violations));
        assertTrue(violations.get(0).message().contains("384"), violations.toString());
    }

    @Test
    void reportsARoutingKeyThatIsNotAUnitVector() {
        ObjectNode tree = validHead();
        ArrayNode key = tree.putArray("routingKey");
        for (int i = 0; i < DIM; i++) {
            key.add(0.1);
        }

        assertEquals(Set.of("$.routingKey"), violationPaths(tree));
    }

    @Test
    void reportsANonNumberInTheRoutingKeyAtItsIndex() {
        ObjectNode tree = validHead();
        ((ArrayNode) tree.get("routingKey")).set(5, JSON.getNodeFactory().textNode("0.1"));

        assertEquals(Set.of("$.routingKey[5]"), violationPaths(tree));
    }

    @Test
    void anEmptyRoutingKeyMeansTheBrickIsOnlyUsedWhenNamed() throws Exception {
        ObjectNode tree = validHead();
        tree.putArray("routingKey");

        assertEquals(0, ManifestJson.read(bytes(tree)).routingKey().length);
    }

    @Test
    void reportsEachProblemWithTheBaseModel() {
        ObjectNode tree = validHead();
        tree.putObject("base").put("name", "All MiniLM").put("dim", 0).put("digest", "sha256:" + "A".repeat(64))
                .put("url", "https://example.com");

        assertEquals(Set.of("$.base.name", "$.base.dim", "$.base.digest", "$.base.url"), violationPaths(tree));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:abc", "sha512:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg"})
    void rejectsABaseDigestThatIsNotSha256Hex(String digest) {
        ObjectNode tree = validHead();
        ((ObjectNode) tree.get("base")).put("digest", digest);

        assertEquals(Set.of("$.base.digest"), violationPaths(tree));
    }

    @Test
    void aWrongBaseDimensionIsReportedOnceNotAlsoOnTheTensors() {
        ObjectNode tree = validHead();
        ((ObjectNode) tree.get("base")).put("dim", "384");

        assertEquals(Set.of("$.base.dim"), violationPaths(tree));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2]", "\"brick\"", "42", "null"})
    void aManifestMustBeAnObject(String json) throws Exception {
        MalformedBrickException error = assertThrows(MalformedBrickException.class,
                () -> ManifestJson.read(json.getBytes(StandardCharsets.UTF_8)));

        assertEquals(Set.of("$"), paths(error.violations()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"id\": ", "{'id': 'acme/x'}", "\u0000\u0001PK"})
    void bytesThatAreNotJsonAreMalformed(String text) {
        MalformedBrickException error = assertThrows(MalformedBrickException.class,
                () -> ManifestJson.read(text.getBytes(StandardCharsets.UTF_8)));

        assertTrue(error.getMessage().contains("not valid JSON"), error.getMessage());
    }

    @Test
    void aValidManifestFollowedByMoreBytesIsNotJson() throws Exception {
        byte[] valid = bytes(validHead());
        byte[] withTrailer = Arrays.copyOf(valid, valid.length + 9);
        System.arraycopy("{\"x\": 1}".getBytes(StandardCharsets.UTF_8), 0, withTrailer, valid.length + 1, 8);
        withTrailer[valid.length] = ' ';

        assertThrows(MalformedBrickException.class, () -> ManifestJson.read(withTrailer));
    }

    @Test
    void acceptsAManifestOfExactlyTheLimit() throws Exception {
        byte[] valid = bytes(validHead());
        byte[] padded = Arrays.copyOf(valid, ManifestJson.MAX_BYTES);
        Arrays.fill(padded, valid.length, padded.length, (byte) ' ');

        assertEquals(ManifestJson.read(valid), ManifestJson.read(padded));
        assertEquals(ManifestJson.read(valid), ManifestJson.read(new ByteArrayInputStream(padded)));
    }

    @Test
    void rejectsAManifestOverTheLimit() throws Exception {
        byte[] valid = bytes(validHead());
        byte[] padded = Arrays.copyOf(valid, ManifestJson.MAX_BYTES + 1);
        Arrays.fill(padded, valid.length, padded.length, (byte) ' ');

        MalformedBrickException error = assertThrows(MalformedBrickException.class, () -> ManifestJson.read(padded));
        assertTrue(error.getMessage().contains(String.valueOf(ManifestJson.MAX_BYTES)), error.getMessage());
        assertThrows(MalformedBrickException.class, () -> ManifestJson.read(new ByteArrayInputStream(padded)));
    }

    @Test
    void rejectsAnEndlessStreamWithoutReadingItAll() {
        byte[] huge = new byte[ManifestJson.MAX_BYTES * 4];
        Arrays.fill(huge, (byte) ' ');
        ByteArrayInputStream in = new ByteArrayInputStream(huge);

        assertThrows(MalformedBrickException.class, () -> ManifestJson.read(in));
        assertTrue(in.available() > 0, "stops reading after the limit");
    }

    @Test
    void theExceptionMessageListsEveryViolation() throws Exception {
        ObjectNode tree = validHead();
        tree.put("id", "acme");
        tree.put("version", "one");
        tree.put("colour", "red");

        MalformedBrickException error = assertThrows(MalformedBrickException.class,
                () -> ManifestJson.read(bytes(tree)));

        assertEquals(3, error.violations().size());
        assertTrue(error.getMessage().contains("3 problems"), error.getMessage());
        for (Violation violation : error.violations()) {
            assertTrue(error.getMessage().contains(violation.path() + ": " + violation.message()),
                    error.getMessage());
        }
        assertTrue(error.getMessage().contains("\"acme\""), "says what it found: " + error.getMessage());
    }

    @Test
    void aManifestCannotBeChangedThroughTheArraysItHandsOut() throws Exception {
        BrickManifest manifest = ManifestJson.read(bytes(validHead()));
        float first = manifest.routingKey()[0];

        manifest.routingKey()[0] = 42f;

        assertEquals(first, manifest.routingKey()[0]);
        assertThrows(UnsupportedOperationException.class, () -> manifest.labels().add("neutral"));
    }

    @Test
    void withVersionChangesOnlyTheVersion() throws Exception {
        BrickManifest manifest = ManifestJson.read(bytes(validHead()));

        BrickManifest next = manifest.withVersion("1.3.0");

        assertEquals(SemVer.parse("1.3.0"), next.semVer());
        assertEquals(manifest, next.withVersion(manifest.version()));
        assertFalse(manifest.equals(next));
    }
}
