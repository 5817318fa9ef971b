package dev.brickyard.cli.merge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.manifest.BaseModelRef;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.adapter.AdapterFile;
import dev.brickyard.base.adapter.AdapterTensor;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.graph.GraphOptions;
import dev.brickyard.base.graph.LoraAdapter;
import dev.brickyard.base.graph.LoraSite;
import dev.brickyard.base.graph.NeuronMask;
import dev.brickyard.base.onnx.HeadGraph;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.base.verify.VerifiedBrick;
import dev.brickyard.cli.CliEnvironment;
import dev.brickyard.cli.ProvenanceChecks;
import dev.brickyard.dist.BrickCli;
import dev.brickyard.tools.pack.BrickPacker;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code brick merge} end to end: parents are bundles built by the test fixtures, the merged folder's weights are
 * read back and compared with the merge computed by hand, the folder packs into a brick that verifies, and parents
 * that cannot merge are refused before anything is written. One test runs the real base model to measure how much of
 * each parent adapter's effect on the embedding a linear merge keeps.
 */
class MergeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    /** One run of the command line, output captured. */
    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    Run brick(Object... args) {
        CommandLine commandLine = BrickCli.commandLine(
                new CliEnvironment(Map.of(), home, false, InputStream.nullInputStream()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = args[i].toString();
        }
        return new Run(commandLine.execute(strings), out.toString(), err.toString());
    }

    private Path jar(BrickJar brick) throws Exception {
        return brick.writeTo(Files.createDirectories(home.resolve("jars")));
    }

    private static BrickJar head(String id, float firstBias, String... labels) {
        BrickJar head = BrickJar.head(id, "1.0.0", labels);
        for (int k = 0; k < labels.length; k++) {
            head.bias()[k] = firstBias - k;
        }
        return head;
    }

    // ---------------------------------------------------------------- heads

    @Test
    void aLinearMergeOfTwoHeadsIsTheAverageOfWAndBAndVerifies() throws Exception {
        BrickJar a = head("acme/mood-a", 0.25f, "calm", "angry");
        BrickJar b = head("acme/mood-b", -1.5f, "calm", "angry");
        Path jarA = jar(a);
        Path jarB = jar(b);
        Path folder = home.resolve("mood");

        Run run = brick("merge", jarA, jarB, "--method", "linear", "-o", folder, "--id", "acme/mood");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("merged acme/mood@1.0.0 from 2 heads by linear, weights [0.5, 0.5]"), run.out());

        float[][] w = readInitializer(folder.resolve("head.onnx"), "W", 2);
        float[][] bias = readInitializer(folder.resolve("head.onnx"), "b", 2);
        for (int d = 0; d < BaseModel.DIM; d++) {
            for (int k = 0; k < 2; k++) {
                assertEquals((float) (0.5 * a.weights()[d][k] + 0.5 * b.weights()[d][k]), w[d][k], "W[" + d + "]");
            }
        }
        assertArrayEquals(new float[] {(float) (0.5 * 0.25 + 0.5 * -1.5), (float) (0.5 * -0.75 + 0.5 * -2.5)},
                bias[0]);

        JsonNode manifest = JSON.readTree(folder.resolve("brick.json").toFile());
        assertEquals("head", manifest.get("kind").asText());
        assertEquals(List.of("calm", "angry"), texts(manifest.get("labels")));
        assertEquals("Merge of acme/mood-a@1.0.0 and acme/mood-b@1.0.0 by linear.",
                manifest.get("description").asText(), "the default description");
        assertEquals(List.of("Test Author"), texts(manifest.get("authors")), "the parents' authors");
        assertEquals("Apache-2.0", manifest.get("license").asText(), "the parents' licence");
        assertEquals(1.0, manifest.get("routingKey").get(0).asDouble(), 1e-6, "both parents' keys are e0");
        JsonNode merge = manifest.get("merge");
        assertEquals("linear", merge.get("method").asText());
        assertEquals("[0.5,0.5]", merge.get("weights").toString());
        assertFalse(merge.has("density") || merge.has("seed") || merge.has("rank"), merge.toString());
        assertEquals(BrickVerifier.sha256(jarA), merge.get("parents").get(0).get("digest").asText());
        assertEquals("acme/mood-b", merge.get("parents").get(1).get("id").asText());
        assertEquals(BrickVerifier.sha256(jarB), merge.get("parents").get(1).get("digest").asText());

        String card = Files.readString(folder.resolve("README.md"));
        assertTrue(card.contains("## Parents"), card);
        assertTrue(card.contains("| 2 | acme/mood-b | 1.0.0 | 0.5 | `" + BrickVerifier.sha256(jarB) + "` |"), card);
        assertTrue(card.contains("Labels, in the first parent's order: `calm`, `angry`."), card);

        VerifiedBrick packed = new BrickPacker().pack(folder, home.resolve("mood.jar"));
        assertEquals("acme/mood", packed.manifest().id());
        assertEquals(BrickVerifier.sha256(jarA), packed.manifest().merge().parents().get(0).digest());
        Run verify = brick("verify", home.resolve("mood.jar"));
        assertEquals(0, verify.exitCode(), verify.toString());
        // The statement names the parents by the digests of their bundles, as the merge record does.
        Map<String, String> parents = new LinkedHashMap<>();
        parents.put("acme/mood-a@1.0.0", ProvenanceChecks.sha256(jarA));
        parents.put("acme/mood-b@1.0.0", ProvenanceChecks.sha256(jarB));
        ProvenanceChecks.assertProvenance(home.resolve("mood.jar"), "brick merge " + jarA + " " + jarB
                + " --method linear -o " + folder + " --id acme/mood", parents, List.of("brick/head.onnx"));
    }

    @Test
    void headsWithTheSameLabelsInAnotherOrderHaveTheirColumnsReordered() throws Exception {
        BrickJar a = head("acme/mood-a", 1f, "calm", "angry", "sad");
        BrickJar b = head("acme/mood-b", 2f, "sad", "calm", "angry");
        Path folder = home.resolve("mood");

        Run run = brick("merge", jar(a), jar(b), "--method", "task-arithmetic", "--weights", "1,-0.5", "-o", folder,
                "--id", "acme/mood");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("reordered the columns of acme/mood-b@1.0.0 from [sad, calm, angry]"), run.out());

        float[][] w = readInitializer(folder.resolve("head.onnx"), "W", 3);
        int[] columnOfB = {1, 2, 0};
        for (int d = 0; d < BaseModel.DIM; d++) {
            for (int k = 0; k < 3; k++) {
                assertEquals((float) (a.weights()[d][k] - 0.5 * b.weights()[d][columnOfB[k]]), w[d][k]);
            }
        }
        float[] bias = readInitializer(folder.resolve("head.onnx"), "b", 3)[0];
        assertArrayEquals(new float[] {(float) (1 - 0.5 * 1), (float) (0 - 0.5 * 0), (float) (-1 - 0.5 * 2)}, bias);
        assertEquals("[1.0,-0.5]", JSON.readTree(folder.resolve("brick.json").toFile()).get("merge").get("weights")
                .toString());
        String card = Files.readString(folder.resolve("README.md"));
        assertTrue(card.contains("acme/mood-b@1.0.0 answers `sad`, `calm`, `angry`: its columns of W and b were "
                + "reordered"), card);
    }

    // ---------------------------------------------------------------- adapters

    @Test
    void adaptersOfRanksTwoAndFourConcatenateExactlyOrRecompressToTheGivenRank() throws Exception {
        BrickJar a = BrickJar.adapter("acme/lora-a", "1.0.0", 2, 0.05f, "layer.2.value", "layer.3.ffn_in");
        BrickJar b = BrickJar.adapter("acme/lora-b", "1.0.0", 4, 0.05f, "layer.2.value");
        Path jarA = jar(a);
        Path jarB = jar(b);
        Path exact = home.resolve("exact");

        Run run = brick("merge", jarA, jarB, "--method", "linear", "--weights", "1,3", "-o", exact, "--id",
                "acme/lora", "--description", "Both adapters.", "--author", "Ada");
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode manifest = JSON.readTree(exact.resolve("brick.json").toFile());
        assertEquals(6, manifest.get("adapter").get("sites").get("layer.2.value").asInt());
        assertEquals(2, manifest.get("adapter").get("sites").get("layer.3.ffn_in").asInt(), "only parent 1 has it");
        assertEquals("[0.25,0.75]", manifest.get("merge").get("weights").toString());
        assertFalse(manifest.get("merge").has("rank"), "concatenated, not re-compressed");
        AdapterFile merged = AdapterFile.read(Files.readAllBytes(exact.resolve("adapter.onnx_adapter")));
        double[] expected = add(dense(a.adapterFile(), "layer.2.value", 0.25),
                dense(b.adapterFile(), "layer.2.value", 0.75));
        assertClose(expected, dense(merged, "layer.2.value", 1), 1e-5);
        assertClose(dense(a.adapterFile(), "layer.3.ffn_in", 0.25), dense(merged, "layer.3.ffn_in", 1), 1e-5);
        new BrickPacker().pack(exact, home.resolve("exact.jar"));

        Path compressed = home.resolve("compressed");
        run = brick("merge", jarA, jarB, "--method", "linear", "--weights", "1,3", "--rank", "3", "-o", compressed,
                "--id", "acme/lora");
        assertEquals(0, run.exitCode(), run.toString());
        manifest = JSON.readTree(compressed.resolve("brick.json").toFile());
        assertEquals(3, manifest.get("adapter").get("sites").get("layer.2.value").asInt());
        assertEquals(2, manifest.get("adapter").get("sites").get("layer.3.ffn_in").asInt(), "its own rank is 2");
        assertEquals(3, manifest.get("merge").get("rank").asInt());
        merged = AdapterFile.read(Files.readAllBytes(compressed.resolve("adapter.onnx_adapter")));
        double error = relativeError(expected, dense(merged, "layer.2.value", 1));
        assertTrue(error > 0.01, "rank 6 cut to 3 loses something: " + error);
        assertEquals(error, manifest.get("metrics").get("max_truncation_error").asDouble(), 1e-4,
                "the recorded truncation error is the real one");
        String card = Files.readString(compressed.resolve("README.md"));
        assertTrue(card.contains("re-compressed to rank 3"), card);
        assertTrue(card.contains("| layer.2.value | 3 | 2, 4 | "), card);
        assertTrue(card.contains("| layer.3.ffn_in | 2 | 2, – | "), card);
        assertTrue(card.contains("--weights 0.25,0.75 --rank 3 -o DIR --id acme/lora"), card);
        new BrickPacker().pack(compressed, home.resolve("compressed.jar"));
    }

    @Test
    void tiesAndDareMergeAdaptersIntoBricksThatVerifyAndDareIsReproducibleFromItsSeed() throws Exception {
        Path jarA = jar(BrickJar.adapter("acme/lora-a", "1.0.0", 2, 0.05f, "layer.2.value", "layer.3.ffn_in"));
        Path jarB = jar(BrickJar.adapter("acme/lora-b", "1.0.0", 4, 0.05f, "layer.2.value"));

        Run ties = brick("merge", jarA, jarB, "--method", "ties", "--density", "0.3", "-o", home.resolve("ties"),
                "--id", "acme/ties");
        assertEquals(0, ties.exitCode(), ties.toString());
        JsonNode manifest = JSON.readTree(home.resolve("ties/brick.json").toFile());
        assertEquals(0.3, manifest.get("merge").get("density").asDouble());
        assertEquals(4, manifest.get("merge").get("rank").asInt(), "the largest parent rank");
        assertEquals(4, manifest.get("adapter").get("sites").get("layer.2.value").asInt());
        assertEquals(2, manifest.get("adapter").get("sites").get("layer.3.ffn_in").asInt());
        new BrickPacker().pack(home.resolve("ties"), home.resolve("ties.jar"));

        List<byte[]> dare = new ArrayList<>();
        for (String run : List.of("dare-1", "dare-2", "dare-other-seed")) {
            Run merged = brick("merge", jarA, jarB, "--method", "dare", "--density", "0.5", "--seed",
                    run.endsWith("seed") ? "8" : "7", "-o", home.resolve(run), "--id", "acme/dare");
            assertEquals(0, merged.exitCode(), merged.toString());
            dare.add(Files.readAllBytes(home.resolve(run).resolve("adapter.onnx_adapter")));
        }
        assertArrayEquals(dare.get(0), dare.get(1), "the same seed gives the same bytes");
        assertArrayEquals(Files.readAllBytes(home.resolve("dare-1/brick.json")),
                Files.readAllBytes(home.resolve("dare-2/brick.json")));
        assertFalse(Arrays.equals(dare.get(0), dare.get(2)), "another seed drops other entries");
        assertEquals(7, JSON.readTree(home.resolve("dare-1/brick.json").toFile()).get("merge").get("seed").asLong());
        VerifiedBrick packed = new BrickPacker().pack(home.resolve("dare-1"), home.resolve("dare.jar"));
        assertEquals("dare", packed.manifest().merge().method());
    }

    /**
     * The share of each parent's effect on the embedding that a linear merge with equal weights keeps, for two
     * adapters on different sites: with e_i = embedding with parent i − base embedding and m = embedding with the
     * merge − base embedding, the projection Σ m·e_i / Σ |e_i|² over the sentences. A linear merge halves each delta,
     * so the share is about 0.5 (measured 0.48 to 0.59 over three site pairs and three scales, 0.57 and 0.52 here);
     * the model is not linear in the deltas, so the bound asserted, and documented in docs/cli.md, is 0.35. One
     * sentence alone is a noisier measure (0.28 to 0.83 here): where the parents' effects are correlated, the
     * stronger one leaks into the weaker one's projection.
     */
    @Test
    void aLinearMergeOfAdaptersOnDifferentSitesKeepsOverAThirdOfEachParentsEffect() throws Exception {
        BrickJar a = BrickJar.adapter("acme/lora-a", "1.0.0", 4, 0.1f, "layer.1.ffn_out");
        BrickJar b = BrickJar.adapter("acme/lora-b", "1.0.0", 4, 0.1f, "layer.4.value");
        Path folder = home.resolve("merged");
        Run run = brick("merge", jar(a), jar(b), "--method", "linear", "-o", folder, "--id", "acme/both");
        assertEquals(0, run.exitCode(), run.toString());
        AdapterFile merged = AdapterFile.read(Files.readAllBytes(folder.resolve("adapter.onnx_adapter")));

        List<String> sentences = List.of("The court dismissed the appeal.", "I love this little cafe.",
                "Stocks fell sharply on Monday.", "How do I reset my password?", "The cat sat on the warm mat.",
                "Please send the invoice by Friday.", "The patient was given antibiotics.",
                "Rain is expected tomorrow.", "He scored twice in the final.", "Our new phone has a better camera.",
                "Where is the nearest station?", "The recipe needs two eggs and flour.",
                "Congress passed the budget bill.", "My flight was delayed again.",
                "This movie was a complete waste of time.", "Quantum computers use qubits.");
        List<NeuronMask> masks = Collections.nCopies(sentences.size(), NeuronMask.NONE);
        try (BaseModel model = BaseModel.load(BaseModelVariant.FP32, 2, false, GraphOptions.full());
             LoraAdapter loraA = LoraAdapter.load("a", a.adapterFile(), model.graph());
             LoraAdapter loraB = LoraAdapter.load("b", b.adapterFile(), model.graph());
             LoraAdapter loraMerged = LoraAdapter.load("merged", merged, model.graph())) {
            float[][] base = model.embed(sentences, List.of(), masks);
            float[][] withMerged = model.embed(sentences, List.of(loraMerged), masks);
            for (LoraAdapter parent : List.of(loraA, loraB)) {
                float[][] withParent = model.embed(sentences, List.of(parent), masks);
                double dot = 0;
                double effect = 0;
                for (int s = 0; s < sentences.size(); s++) {
                    for (int d = 0; d < BaseModel.DIM; d++) {
                        double e = withParent[s][d] - base[s][d];
                        dot += (withMerged[s][d] - base[s][d]) * e;
                        effect += e * e;
                    }
                }
                assertTrue(Math.sqrt(effect / sentences.size()) > 0.1,
                        "parent " + parent.name() + " changes the embeddings: " + Math.sqrt(effect / sentences.size()));
                assertTrue(dot / effect >= 0.35, "the merge keeps " + dot / effect + " of parent " + parent.name()
                        + "'s effect");
            }
        }
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void parentsThatCannotMergeAreRefusedBeforeAnythingIsWritten() throws Exception {
        Path calm = jar(head("acme/mood-a", 0, "calm", "angry"));
        Path calm2 = jar(head("acme/mood-b", 0, "calm", "angry"));
        Path topic = jar(head("acme/topic", 0, "sport", "news"));
        Path int8 = jar(head("acme/mood-c", 0, "calm", "angry").manifest(m -> m.withBase(
                new BaseModelRef(BaseModel.NAME, BaseModel.DIM, BaseModelVariant.INT8.digest()))));
        Path lora = jar(BrickJar.adapter("acme/lora-a", "1.0.0", 2, 0.05f, "layer.2.value"));
        Path lora2 = jar(BrickJar.adapter("acme/lora-b", "1.0.0", 2, 0.05f, "layer.2.value"));
        Path facts = jar(BrickJar.knowledge("acme/facts", "1.0.0", Map.of("capital of France", "Paris")));

        refused(2, "a merge needs at least 2 parents, 1 given", calm, "--method", "linear");
        refused(2, "the parents are of different kinds: acme/mood-a@1.0.0 is a head, acme/lora-a@1.0.0 is an "
                + "adapter", calm, lora, "--method", "linear");
        refused(2, "the parents are built for different base models: acme/mood-a@1.0.0 for all-minilm-l6-v2 (dim 384, "
                + BaseModelVariant.FP32.digest() + "), acme/mood-c@1.0.0 for all-minilm-l6-v2 (dim 384, "
                + BaseModelVariant.INT8.digest() + ")", calm, int8, "--method", "linear");
        refused(2, "the parents answer different labels: acme/mood-a@1.0.0 [calm, angry], acme/topic@1.0.0 "
                + "[sport, news]", calm, topic, "--method", "linear");
        refused(2, "3 weights were given for 2 parents; give one per parent", calm, calm2, "--method", "linear",
                "--weights", "1,2,3");
        refused(2, "a density applies only to ties and dare, not to linear", calm, calm2, "--method", "linear",
                "--density", "0.5");
        refused(2, "a seed applies only to dare, not to ties", lora, lora2, "--method", "ties", "--seed", "3");
        refused(2, "unknown merge method 'average'; valid methods are linear, task-arithmetic, ties, dare", calm,
                calm2, "--method", "average");
        refused(2, "weight 1 is negative (-1.0); only task-arithmetic accepts negative weights", lora, lora2,
                "--method", "dare", "--weights", "-1,2");
        refused(2, "acme/facts@1.0.0 is a knowledge brick: brick merge merges heads (linear heads with the same "
                + "labels) or adapters (LoRA deltas)", calm, facts, "--method", "linear");
        refused(2, "--rank applies only to adapters, and the parents are heads", calm, calm2, "--method", "linear",
                "--rank", "2");
        refused(2, "--rank must be from 1 to 1024, got 0", lora, lora2, "--method", "linear", "--rank", "0");
        refused(2, "the merged adapter changes nothing", lora, lora, "--method", "task-arithmetic", "--weights",
                "1,-1", "--rank", "2");
        refused(2, "missing --id (namespace/name)", calm, calm2, "--method", "linear");
    }

    @Test
    void aHeadThatIsNotLinearAndABrokenArchiveAreRefused() throws Exception {
        Path calm = jar(head("acme/mood-a", 0, "calm", "angry"));
        Path deep = jar(head("acme/deep", 0, "calm", "angry").onnx(withReluBeforeSoftmax(
                HeadGraph.linear(new float[BaseModel.DIM][2], new float[2], "acme/deep"))));
        refused(2, "acme/deep@1.0.0 head.onnx is not a linear head: Gemm of embedding, W [dim, labels] and b "
                + "[labels], then Softmax (its nodes are [Gemm, Relu, Softmax])", calm, deep, "--method", "linear");

        Path garbage = Files.write(home.resolve("garbage.jar"), "not a zip".getBytes(StandardCharsets.UTF_8));
        refused(3, "garbage.jar is not a jar (zip) file", calm, garbage, "--method", "linear");
        Path noCard = jar(head("acme/mood-b", 0, "calm", "angry").withoutCard());
        refused(3, "brick/README.md: missing: every brick carries its card", calm, noCard, "--method", "linear");
        refused(5, "no such brick bundle or brick folder", calm, home.resolve("nowhere.jar"), "--method", "linear");
    }

    @Test
    void aBrickFolderIsAParentAsItsPackedBundleWouldBe() throws Exception {
        Path jarA = jar(head("acme/mood-a", 0, "calm", "angry"));
        Path jarB = jar(head("acme/mood-b", 0, "calm", "angry"));
        Path folderA = home.resolve("first");
        assertEquals(0, brick("merge", jarA, jarB, "--method", "linear", "-o", folderA, "--id", "acme/first")
                .exitCode());
        Path packed = home.resolve("first.jar");
        new BrickPacker().pack(folderA, packed);

        Path second = home.resolve("second");
        Run run = brick("merge", folderA, jarB, "--method", "ties", "-o", second, "--id", "acme/second");
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode parent = JSON.readTree(second.resolve("brick.json").toFile()).get("merge").get("parents").get(0);
        assertEquals("acme/first", parent.get("id").asText());
        assertEquals(BrickVerifier.sha256(packed), parent.get("digest").asText(), "the digest brick pack gives");
    }

    @Test
    void mergingAgainIntoTheFolderKeepsTheAuthorsWordsAndNamesTheNewMerge() throws Exception {
        Path jarA = jar(head("acme/mood-a", 0, "calm", "angry"));
        Path jarB = jar(head("acme/mood-b", 0, "calm", "angry"));
        Path folder = home.resolve("mood");
        assertEquals(0, brick("merge", jarA, jarB, "--method", "ties", "-o", folder, "--id", "acme/mood").exitCode());
        Files.writeString(folder.resolve("README.md"), Files.readString(folder.resolve("README.md"))
                + "\n## Caveats\n\nShouting is not always anger.\n");

        Run again = brick("merge", jarA, jarB, "--method", "linear", "-o", folder, "--version", "1.1.0");
        assertEquals(0, again.exitCode(), again.toString());
        JsonNode manifest = JSON.readTree(folder.resolve("brick.json").toFile());
        assertEquals("acme/mood", manifest.get("id").asText(), "kept from brick.json");
        assertEquals("1.1.0", manifest.get("version").asText());
        assertEquals("Merge of acme/mood-a@1.0.0 and acme/mood-b@1.0.0 by linear.",
                manifest.get("description").asText(), "the generated description names the new merge");
        String card = Files.readString(folder.resolve("README.md"));
        assertTrue(card.contains("## Caveats\n\nShouting is not always anger."), card);
        assertTrue(card.contains("Linear: the weighted average"), card);
        JsonNode statement = JSON.readTree(folder.resolve("provenance.json").toFile());
        assertEquals("[\"brick\",\"merge\",\"" + jarA + "\",\"" + jarB + "\",\"--method\",\"linear\",\"-o\",\""
                + folder + "\",\"--version\",\"1.1.0\"]", statement.path("predicate").path("command").toString(),
                "the statement names the merge that wrote the folder last");

        assertEquals(0, brick("merge", jarA, jarB, "--method", "ties", "-o", folder, "--description",
                "Calm or angry.").exitCode());
        assertEquals(0, brick("merge", jarA, jarB, "--method", "linear", "-o", folder).exitCode());
        assertEquals("Calm or angry.", JSON.readTree(folder.resolve("brick.json").toFile()).get("description")
                .asText(), "the author's description is kept");
    }

    private void refused(int exitCode, String message, Object... args) throws Exception {
        Path out = home.resolve("refused");
        List<Object> all = new ArrayList<>(List.of("merge"));
        all.addAll(List.of(args));
        all.addAll(List.of("-o", out));
        if (!message.startsWith("missing --id")) {
            all.addAll(List.of("--id", "acme/merged"));
        }
        Run run = brick(all.toArray());
        assertEquals(exitCode, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("error: ") && run.err().contains(message), run.toString());
        assertFalse(Files.exists(out), "nothing is written: " + run);
        try (var siblings = Files.list(home)) {
            assertTrue(siblings.noneMatch(path -> path.getFileName().toString().startsWith(".refused")),
                    "no staging folder is left behind");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** An initializer of a head graph as {@code [rows][columns]}; a vector is one row. */
    private static float[][] readInitializer(Path onnx, String name, int columns) throws Exception {
        OnnxMl.TensorProto tensor = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(onnx)).getGraph()
                .getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
        float[] values = new float[tensor.getRawData().size() / Float.BYTES];
        ByteBuffer.wrap(tensor.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        float[][] rows = new float[values.length / columns][columns];
        for (int row = 0; row < rows.length; row++) {
            System.arraycopy(values, row * columns, rows[row], 0, columns);
        }
        return rows;
    }

    /** A head graph with a Relu between Gemm and Softmax: still a valid head, no longer linear. */
    private static byte[] withReluBeforeSoftmax(byte[] linear) throws Exception {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(linear);
        OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
        graph.setNode(0, graph.getNode(0).toBuilder().setOutput(0, "affine"));
        graph.addNode(1, OnnxMl.NodeProto.newBuilder().setOpType("Relu").setName("relu").addInput("affine")
                .addOutput("logits"));
        return model.toBuilder().setGraph(graph).build().toByteArray();
    }

    /** {@code scale · A·B} of one site, row-major, in double. */
    private static double[] dense(AdapterFile file, String siteName, double scale) {
        LoraSite site = LoraSite.parse(siteName);
        AdapterTensor a = file.parameter(site.parameterA()).orElseThrow();
        AdapterTensor b = file.parameter(site.parameterB()).orElseThrow();
        double[] product = new double[site.inputs() * site.outputs()];
        for (int row = 0; row < site.inputs(); row++) {
            for (int k = 0; k < a.cols(); k++) {
                double left = scale * a.get(row, k);
                for (int col = 0; col < site.outputs(); col++) {
                    product[row * site.outputs() + col] += left * b.get(k, col);
                }
            }
        }
        return product;
    }

    private static double[] add(double[] left, double[] right) {
        double[] sum = new double[left.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = left[i] + right[i];
        }
        return sum;
    }

    private static void assertClose(double[] expected, double[] actual, double tolerance) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, "entry " + i);
        }
    }

    private static double relativeError(double[] expected, double[] actual) {
        double difference = 0;
        double size = 0;
        for (int i = 0; i < expected.length; i++) {
            difference += (expected[i] - actual[i]) * (expected[i] - actual[i]);
            size += expected[i] * expected[i];
        }
        return Math.sqrt(difference / size);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(item -> values.add(item.asText()));
        return values;
    }
}
