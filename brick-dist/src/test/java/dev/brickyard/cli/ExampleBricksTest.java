package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.ManifestJson;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.Inference;
import dev.brickyard.tools.data.LabelledText;
import dev.brickyard.tools.data.LabelledTsv;
import dev.brickyard.tools.pack.BrickPacker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed example bricks (bundles/*): packed from their folders, hot-loaded into one real host, they score on
 * their held-out data exactly what their cards state, and their data is as large as promised.
 */
class ExampleBricksTest {
    static final Path BUNDLES = Path.of("..", "bundles");
    @TempDir
    static Path jars;
    static BrickHost host;

    @BeforeAll
    static void installAll() throws Exception {
        host = BrickHost.open(HostOptions.defaults());
        for (String name : List.of("sentiment", "topic", "emotion")) {
            Path jar = jars.resolve(name + ".jar");
            new BrickPacker().pack(BUNDLES.resolve(name).resolve("brick"), jar);
            host.install(jar);
        }
    }

    @AfterAll
    static void close() {
        host.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sentiment", "topic", "emotion"})
    void heldOutAccuracyInTheHostEqualsWhatTheCardStates(String name) throws Exception {
        Path folder = BUNDLES.resolve(name);
        BrickManifest manifest = ManifestJson.read(Files.readAllBytes(folder.resolve("brick/brick.json")));
        List<LabelledText> heldout = LabelledTsv.read(folder.resolve("data/heldout.tsv"));
        List<Inference> answers = host.infer(heldout.stream().map(LabelledText::text).toList(),
                List.of(manifest.brickId()));
        long correct = 0;
        for (int i = 0; i < heldout.size(); i++) {
            if (answers.get(i).answers().get(0).classification().label().equals(heldout.get(i).label())) {
                correct++;
            }
        }
        double accuracy = (double) correct / heldout.size();
        assertEquals(manifest.metrics().get("heldout_accuracy"), accuracy, 1.0 / heldout.size() + 1e-4,
                name + ": host accuracy " + accuracy);
        String card = Files.readString(folder.resolve("brick/README.md"));
        assertTrue(card.contains(String.format(java.util.Locale.ROOT, "Held-out accuracy: **%.1f %%**",
                100 * manifest.metrics().get("heldout_accuracy"))), card);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sentiment", "topic", "emotion"})
    void everyLabelHasAtLeast150DistinctExamplesWithAHeldOutSplit(String name) throws Exception {
        Path data = BUNDLES.resolve(name).resolve("data");
        List<LabelledText> train = LabelledTsv.read(data.resolve("train.tsv"));
        List<LabelledText> heldout = LabelledTsv.read(data.resolve("heldout.tsv"));
        Map<String, Long> perLabel = java.util.stream.Stream.concat(train.stream(), heldout.stream())
                .collect(Collectors.groupingBy(LabelledText::label, Collectors.counting()));
        perLabel.forEach((label, count) -> assertTrue(count >= 150, name + "/" + label + " has " + count));
        assertEquals(perLabel.keySet(), heldout.stream().map(LabelledText::label).collect(Collectors.toSet()));
        long distinct = java.util.stream.Stream.concat(train.stream(), heldout.stream()).map(LabelledText::text)
                .map(text -> text.toLowerCase(java.util.Locale.ROOT)).distinct().count();
        assertEquals(train.size() + heldout.size(), distinct, name + " repeats examples");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sentiment", "topic", "emotion"})
    void obviousExamplesGetTheObviousLabel(String name) throws Exception {
        Map<String, String> cases = switch (name) {
            case "sentiment" -> Map.of("This is the best purchase I have made all year, I love it!", "positive",
                    "Terrible service, the food was cold and the waiter was rude.", "negative");
            case "topic" -> Map.of("The goalkeeper saved a penalty in the last minute of the derby.", "sports",
                    "The central bank held interest rates steady as inflation cooled.", "business",
                    "Astronomers detected water vapour in the atmosphere of a distant exoplanet.", "science-tech",
                    "The senate voted to pass the new election law after weeks of debate.", "politics");
            default -> Map.of("We won the lottery and I can't stop laughing and dancing!", "joy",
                    "I miss my grandmother so much since she passed away.", "sadness");
        };
        List<String> texts = List.copyOf(cases.keySet());
        List<Inference> answers = host.infer(texts, List.of(dev.brickyard.api.version.BrickId.parse("brickyard/" + name)));
        Map<String, String> labels = answers.stream().collect(Collectors.toMap(Inference::text,
                inference -> inference.answers().get(0).classification().label()));
        assertEquals(cases, labels.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                Map.Entry::getValue)), name);
    }
}
