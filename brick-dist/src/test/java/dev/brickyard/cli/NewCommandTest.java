package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.tools.card.BrickCard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code brick new}: the folder it writes, and what it refuses. (Training and packing it: TutorialTest.) */
class NewCommandTest {
    @TempDir
    Path work;

    @Test
    void writesManifestCardAndSampleDataForTheAuthor() throws Exception {
        Path target = work.resolve("tickets");
        CliRun run = CliRun.of("new", "acme/tickets", "-o", target.toString(), "--author", "Ada", "--description",
                "Sorts tickets.");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("brick train head --data " + target.resolve("data/train.tsv")), run.out());
        JsonNode manifest = new ObjectMapper().readTree(target.resolve("brick.json").toFile());
        assertEquals("acme/tickets", manifest.path("id").asText());
        assertEquals("0.1.0", manifest.path("version").asText());
        assertEquals("head", manifest.path("kind").asText());
        assertEquals("Sorts tickets.", manifest.path("description").asText());
        assertEquals("[\"Ada\"]", manifest.path("authors").toString());
        assertTrue(Files.readString(target.resolve("README.md")).startsWith("---\nid: acme/tickets\n"));
        List<String> data = Files.readAllLines(target.resolve("data/train.tsv"));
        assertEquals(60, data.size());
        assertTrue(data.stream().allMatch(line -> line.matches("[^\t]+\t(urgent|routine)")));
    }

    @Test
    void everyKindHasTheSameLayoutAndIsMadeIntoTheSameFolder() throws Exception {
        Map<String, List<String>> samples = Map.of("head", List.of("train.tsv"), "knowledge", List.of("facts.tsv"),
                "adapter", List.of("controls.tsv", "pairs.tsv"), "neurons", List.of("contrast.txt", "texts.txt"));
        for (Map.Entry<String, List<String>> kind : samples.entrySet()) {
            Path target = work.resolve(kind.getKey());
            CliRun run = CliRun.of("new", "acme/" + kind.getKey(), "--kind", kind.getKey(), "-o", target.toString());
            assertEquals(0, run.exitCode(), run.toString());
            try (Stream<Path> top = Files.list(target); Stream<Path> data = Files.list(target.resolve("data"))) {
                assertEquals(List.of("README.md", "brick.json", "data"), top.map(p -> p.getFileName().toString())
                        .sorted().toList(), kind.getKey());
                assertEquals(kind.getValue(), data.map(p -> p.getFileName().toString()).sorted().toList());
            }
            assertTrue(run.out().contains(" --out " + target + "\n"), "the brick is made into the folder: " + run);
            assertTrue(run.out().contains("  brick pack " + target + "\n"), run.out());
            assertTrue(Files.readString(target.resolve("README.md")).startsWith("---\nid: acme/" + kind.getKey()
                    + "\nkind: " + kind.getKey() + "\n---\n"), kind.getKey());
        }
    }

    @Test
    void refusesABadIdAndAFullFolder() throws Exception {
        assertEquals(ExitCode.USAGE.code(), CliRun.of("new", "Acme/Bad Name", "-o", work.resolve("x").toString())
                .exitCode());
        Files.writeString(work.resolve("taken.txt"), "mine");
        CliRun full = CliRun.of("new", "acme/taken", "-o", work.toString());
        assertEquals(ExitCode.CONFLICT.code(), full.exitCode(), full.toString());
        assertEquals("mine", Files.readString(work.resolve("taken.txt")), "an existing folder is left alone");
    }

    @Test
    void writesAKnowledgeFolderWithSampleFacts() throws Exception {
        Path target = work.resolve("facts");
        CliRun run = CliRun.of("new", "acme/facts", "--kind", "knowledge", "-o", target.toString(), "--author", "Ada");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("brick train knowledge --data " + target.resolve("data/facts.tsv") + " --out "
                + target), run.out());
        JsonNode manifest = new ObjectMapper().readTree(target.resolve("brick.json").toFile());
        assertEquals("knowledge", manifest.path("kind").asText());
        assertEquals("0.1.0", manifest.path("version").asText());
        assertTrue(manifest.path("description").asText().contains("Northwind Outfitters"), manifest.toString());
        String card = Files.readString(target.resolve("README.md"));
        assertTrue(card.startsWith("---\nid: acme/facts\nkind: knowledge\n---\n"), card);
        assertTrue(card.contains("## Source of the facts"), card);
        assertFalse(Files.exists(target.resolve("data/train.tsv")));
        List<String> facts = Files.readAllLines(target.resolve("data/facts.tsv")).stream()
                .filter(line -> !line.startsWith("#")).toList();
        assertTrue(facts.size() >= 30, "sample facts: " + facts.size());
        assertTrue(facts.stream().allMatch(line -> line.matches("[^\t]+\t[^\t]+")), facts.toString());
        assertEquals(facts.size(), facts.stream().map(line -> line.split("\t")[0]).distinct().count(),
                "sample keys do not repeat");
    }

    @Test
    void trainingKeepsTheAuthorsSectionsAndReplacesTheGeneratedOnes() {
        String generated = "---\nid: a/b\n---\n\n# a/b\n\nText.\n\n## Evaluation\n\nGood.\n\n## Training\n\nHow.\n\n"
                + "## Intended use\n\nGenerated use.\n";
        String previous = "---\nold: yes\n---\n\n# a/b\n\nOld text.\n\n## Evaluation\n\nOld numbers.\n\n"
                + "## Intended use\n\nMy use.\n\n## Limitations\n\nEnglish only.\n";
        assertEquals("---\nid: a/b\n---\n\n# a/b\n\nText.\n\n## Evaluation\n\nGood.\n\n## Training\n\nHow.\n\n"
                + "## Intended use\n\nMy use.\n\n## Limitations\n\nEnglish only.\n",
                BrickCard.withAuthorSections(generated, previous));
        assertEquals(generated, BrickCard.withAuthorSections(generated, null));
    }
}
