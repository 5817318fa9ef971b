package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.ManifestJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** A brick author's path through the CLI: labelled text to trained folder to bundle to verified to answering. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthorWorkflowTest {
    static final List<String> ANIMALS = List.of("The cat sat on the warm windowsill", "My dog loves chasing balls",
            "A horse galloped across the field", "The kitten purred in my lap", "Our parrot repeats every word",
            "The puppy chewed my slippers again", "Cows graze in the meadow all day", "The rabbit hid in its burrow",
            "A hamster runs on its wheel at night", "The goldfish swims around the bowl",
            "Sheep huddled together in the cold", "The owl hooted from the old oak",
            "A fox crept past the chicken coop", "Ducks paddled across the pond", "The tortoise moved very slowly",
            "Our cat ignores the new scratching post", "The dog barked at the mail carrier",
            "Bees buzzed around the lavender", "A squirrel buried nuts in the garden", "The pony nibbled an apple");
    static final List<String> MONEY = List.of("The bank raised interest rates again", "I paid off my credit card",
            "Stock prices fell sharply this morning", "Our budget for rent is too tight", "She invested in index funds",
            "The loan application was approved", "Inflation pushed grocery bills higher", "He saved half his salary",
            "Taxes are due at the end of the month", "The company reported record profits",
            "Bond yields climbed after the announcement", "My mortgage payment went up", "We opened a savings account",
            "The currency lost value against the dollar", "Quarterly earnings beat expectations",
            "I transferred money to my brother", "The pension fund cut its fees", "Crypto prices swung wildly",
            "The accountant reviewed the invoices", "Wages rose faster than prices");

    @TempDir
    static Path work;
    static Path brickFolder;
    static Path jar;

    @BeforeAll
    static void writeData() throws Exception {
        List<String> lines = new ArrayList<>();
        ANIMALS.forEach(text -> lines.add(text + "\tanimals"));
        MONEY.forEach(text -> lines.add(text + "\tmoney"));
        Files.write(work.resolve("train.tsv"), lines);
        brickFolder = work.resolve("brick");
        jar = work.resolve("acme.animals-money-0.1.0.jar");
    }

    @Test
    @Order(1)
    void trainWritesAValidBrickFolderAndReportsHeldOutScores() throws Exception {
        CliRun run = CliRun.of("train", "head", "--data", work.resolve("train.tsv").toString(), "--out",
                brickFolder.toString(), "--id", "acme/animals-money", "--version", "0.1.0", "--description",
                "Animals or money.", "--author", "Ada", "--tag", "test", "--holdout-fraction", "0.25");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("held-out accuracy"), run.out());
        BrickManifest manifest = ManifestJson.read(Files.readAllBytes(brickFolder.resolve("brick.json")));
        assertEquals(List.of("animals", "money"), manifest.labels());
        assertEquals(10.0, manifest.metrics().get("heldout_examples"));
        assertEquals(30.0, manifest.metrics().get("train_examples"));
        assertTrue(manifest.metrics().get("heldout_accuracy") >= 0.8, manifest.metrics().toString());
        assertEquals(384, manifest.routingKey().length);
        String card = Files.readString(brickFolder.resolve("README.md"));
        assertTrue(card.startsWith("---\nid: acme/animals-money\n"), card);
        assertTrue(card.contains("Held-out accuracy: **"), card);
        assertTrue(Files.size(brickFolder.resolve("head.onnx")) > 384 * 2 * 4);
    }

    @Test
    @Order(2)
    void retrainingKeepsTheMetadataAlreadyInTheFolder() throws Exception {
        CliRun run = CliRun.of("train", "head", "--data", work.resolve("train.tsv").toString(), "--out",
                brickFolder.toString(), "--holdout-fraction", "0.25");
        assertEquals(0, run.exitCode(), run.toString());
        BrickManifest manifest = ManifestJson.read(Files.readAllBytes(brickFolder.resolve("brick.json")));
        assertEquals("acme/animals-money", manifest.id());
        assertEquals("0.1.0", manifest.version());
        assertEquals(List.of("Ada"), manifest.authors());
    }

    @Test
    @Order(3)
    void packMakesABundleThatVerifies() throws Exception {
        CliRun pack = CliRun.of("pack", brickFolder.toString(), "--dir", work.toString());
        assertEquals(0, pack.exitCode(), pack.toString());
        assertTrue(Files.isRegularFile(jar), pack.out());
        CliRun verify = CliRun.of("verify", jar.toString());
        assertEquals(0, verify.exitCode(), verify.toString());
        assertTrue(verify.out().startsWith("ok: acme/animals-money@0.1.0"), verify.out());
        JsonNode json = new ObjectMapper().readTree(CliRun.of("verify", "--json", jar.toString()).out());
        assertTrue(json.get("valid").asBoolean());
        assertTrue(json.get("sha256").asText().startsWith("sha256:"));
    }

    @Test
    @Order(4)
    void packingTheSameFolderTwiceGivesTheSameBytes() throws Exception {
        Path again = work.resolve("again.jar");
        assertEquals(0, CliRun.of("pack", brickFolder.toString(), "-o", again.toString()).exitCode());
        assertEquals(-1, Files.mismatch(jar, again));
    }

    @Test
    @Order(5)
    void inferPrintsTheLabelAndEveryProbabilityPerBrick() throws Exception {
        CliRun run = CliRun.of("infer", "--bundle", jar.toString(), "My cat caught a mouse in the barn");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("acme/animals-money@0.1.0  animals"), run.out());
        assertTrue(run.out().matches("(?s).*animals \\d\\.\\d{3}  money \\d\\.\\d{3}.*"), run.out());

        CliRun json = CliRun.of("infer", "--json", "--bundle", jar.toString(), "Interest rates went up at the bank");
        assertEquals(0, json.exitCode(), json.toString());
        JsonNode answer = new ObjectMapper().readTree(json.out()).path("results").get(0).path("answers").get(0);
        assertEquals("acme/animals-money", answer.get("brick").asText());
        assertEquals("0.1.0", answer.get("version").asText());
        assertEquals("money", answer.get("label").asText());
        double sum = answer.get("probabilities").get("animals").asDouble()
                + answer.get("probabilities").get("money").asDouble();
        assertEquals(1.0, sum, 1e-4);
    }

    @Test
    @Order(6)
    void installingTheSameBundleTwiceIsAConflict() {
        CliRun run = CliRun.of("infer", "--bundle", jar.toString(), "--bundle", jar.toString(), "text");
        assertEquals(ExitCode.CONFLICT.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("already installed"), run.err());
    }

    @Test
    @Order(7)
    void theBundleCarriesItsProvenanceAndAStaleRecordIsNotPacked() throws Exception {
        CliRun info = CliRun.of("info", jar.toString());
        assertEquals(0, info.exitCode(), info.toString());
        String trainDigest = dev.brickyard.base.verify.BrickVerifier.sha256(work.resolve("train.tsv")).substring(7);
        assertTrue(info.out().contains("brick train head --data " + work.resolve("train.tsv")), info.out());
        assertTrue(info.out().contains(work.resolve("train.tsv") + " sha256:" + trainDigest), info.out());
        assertTrue(info.out().contains("brick/head.onnx sha256:"), info.out());
        assertTrue(info.out().contains("unsigned"), info.out());
        JsonNode json = new ObjectMapper().readTree(CliRun.of("info", "--json", jar.toString()).out());
        assertEquals("https://in-toto.io/Statement/v1", json.path("provenance").path("_type").asText());

        Path changed = Files.createDirectories(work.resolve("changed"));
        for (String file : List.of("brick.json", "README.md", "head.onnx", "provenance.json")) {
            Files.copy(brickFolder.resolve(file), changed.resolve(file));
        }
        byte[] onnx = Files.readAllBytes(changed.resolve("head.onnx"));
        onnx[onnx.length - 1] ^= 1;
        Files.write(changed.resolve("head.onnx"), onnx);
        CliRun stale = CliRun.of("pack", changed.toString(), "-o", work.resolve("stale.jar").toString());
        assertEquals(ExitCode.INVALID_BRICK.code(), stale.exitCode(), stale.toString());
        assertTrue(stale.err().contains("head.onnx") && stale.err().contains("changed since"), stale.toString());
    }
}
