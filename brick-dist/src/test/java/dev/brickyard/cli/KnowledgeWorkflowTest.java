package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.ManifestJson;
import dev.brickyard.base.knowledge.KnowledgeFact;
import dev.brickyard.base.knowledge.ValuesFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A knowledge brick author's path through the CLI: scaffold, build from the sample facts, pack and verify, then the
 * next version with more facts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KnowledgeWorkflowTest {
    @TempDir
    static Path work;

    static Path folder() {
        return work.resolve("facts");
    }

    @Test
    @Order(1)
    void theScaffoldBuildsAsItIsAndPacksIntoAVerifiedBundle() throws Exception {
        Path folder = folder();
        assertEquals(0, CliRun.of("new", "acme/shop-facts", "--kind", "knowledge", "-o", folder.toString(),
                "--author", "Ada").exitCode());
        Files.writeString(folder.resolve("README.md"), Files.readString(folder.resolve("README.md"))
                .replace("Who asks the questions these facts answer", "Customers of the Port Ellis shop ask"));

        CliRun build = CliRun.of("train", "knowledge", "--data", folder.resolve("data/facts.tsv").toString(), "--out",
                folder.toString());
        assertEquals(0, build.exitCode(), build.toString());
        assertTrue(build.out().contains("built acme/shop-facts@0.1.0: 31 facts"), build.out());
        BrickManifest manifest = ManifestJson.read(Files.readAllBytes(folder.resolve("brick.json")));
        assertEquals(BrickKind.KNOWLEDGE, manifest.kind());
        assertEquals(List.of(), manifest.labels());
        assertEquals(List.of("keys.onnx", "values.jsonl"), manifest.weights());
        assertEquals(List.of(-1L, 31L), manifest.io().outputs().get(0).shape());
        assertEquals(31.0, manifest.metrics().get("facts"));
        assertEquals(384, manifest.routingKey().length);
        assertEquals(List.of("Ada"), manifest.authors());

        List<KnowledgeFact> facts = ValuesFile.read(Files.readAllBytes(folder.resolve("values.jsonl")),
                "values.jsonl", 1000, 65536);
        assertEquals("What are the opening hours on weekdays?", facts.get(0).key());
        assertTrue(facts.get(0).value().isTextual(), "plain text stays text");
        JsonNode where = facts.stream().filter(f -> f.key().equals("Where is the shop?")).findFirst().orElseThrow()
                .value();
        assertEquals("Port Ellis", where.path("city").asText(), "a JSON object value is kept as JSON");

        String card = Files.readString(folder.resolve("README.md"));
        assertTrue(card.startsWith("---\nid: acme/shop-facts\nversion: 0.1.0\nkind: knowledge\n"), card);
        assertTrue(card.contains("metrics:\n  facts: 31\n"), card);
        assertTrue(card.contains("Customers of the Port Ellis shop ask"), "the author's section is kept: " + card);
        assertTrue(card.contains("## Source of the facts") && card.contains("## Facts"), card);

        CliRun pack = CliRun.of("pack", folder.toString(), "--dir", work.toString());
        assertEquals(0, pack.exitCode(), pack.toString());
        Path jar = work.resolve("acme.shop-facts-0.1.0.jar");
        JsonNode verified = new ObjectMapper().readTree(CliRun.of("verify", "--json", jar.toString()).out());
        assertTrue(verified.path("valid").asBoolean(), verified.toString());
        assertEquals("knowledge", verified.path("kind").asText());
    }

    @Test
    @Order(2)
    void theNextVersionHasMoreFactsAndAFreshFactsSection() throws Exception {
        Path folder = folder();
        Path more = work.resolve("more-facts.tsv");
        Files.writeString(more, Files.readString(folder.resolve("data/facts.tsv"))
                + "Do you sell climbing ropes?\tDynamic ropes from 40 to 80 metres\n", StandardCharsets.UTF_8);
        CliRun build = CliRun.of("train", "knowledge", "--data", more.toString(), "--out", folder.toString(),
                "--version", "0.2.0");
        assertEquals(0, build.exitCode(), build.toString());
        BrickManifest manifest = ManifestJson.read(Files.readAllBytes(folder.resolve("brick.json")));
        assertEquals("0.2.0", manifest.version());
        assertEquals(List.of(-1L, 32L), manifest.io().outputs().get(0).shape());
        String card = Files.readString(folder.resolve("README.md"));
        assertTrue(card.contains("The first 10 of 32 facts") && card.contains("facts: 32"), card);
        assertTrue(card.contains("Customers of the Port Ellis shop ask"), card);
        CliRun pack = CliRun.of("pack", folder.toString(), "--dir", work.toString());
        assertEquals(0, pack.exitCode(), pack.toString());
        assertTrue(Files.isRegularFile(work.resolve("acme.shop-facts-0.2.0.jar")));
    }

    @Test
    void repeatedKeysAndLinesWithoutATabAreRefusedNamingTheLines() throws Exception {
        Path data = work.resolve("bad-facts.tsv");
        Files.writeString(data, "# comment\nOpening hours\t9 to 5\nno tab here\n\nOpening hours\t10 to 6\n");
        CliRun run = CliRun.of("train", "knowledge", "--data", data.toString(), "--out",
                work.resolve("bad").toString(), "--id", "acme/bad", "--description", "Bad.", "--author", "Ada");
        assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("bad-facts.tsv:3: expected 'key<TAB>value'"), run.err());
        assertTrue(run.err().contains("bad-facts.tsv:5: the key 'Opening hours' is already on line 2"), run.err());
        assertTrue(Files.notExists(work.resolve("bad").resolve("brick.json")), "nothing is written");
    }
}
