package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.manifest.BrickHeaders;
import dev.brickyard.api.manifest.CompositeRecipe;
import dev.brickyard.api.manifest.CompositeRecipeJson;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.VersionRange;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.base.verify.VerifiedBrick;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryServer;
import dev.brickyard.registry.store.TokenRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code brick compose} end to end against a real registry: the components are published heads, the composite folder
 * is packed, verified and published with the ordinary commands, and components that cannot form a composite are
 * refused before anything is written.
 */
class ComposeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static RegistryServer registry;
    static String url;
    static Map<String, String> author;

    @TempDir
    Path home;

    @BeforeAll
    static void startRegistryWithComponents() throws Exception {
        registry = RegistryServer.start(RegistryConfig.embedded(shared.resolve("registry"), 0));
        url = registry.uri().toString();
        String token = registry.registry().tokens().create("acme", TokenRecord.Scope.NAMESPACE_SCOPES, "t")
                .secret();
        author = Map.of("BRICKYARD_TOKEN", token, "BRICKYARD_CONFIG_DIR", shared.resolve("config").toString());
        Path jars = Files.createDirectories(shared.resolve("jars"));
        for (BrickJar brick : List.of(BrickJar.head("acme/mood-a", "1.0.0", "calm", "angry"),
                BrickJar.head("acme/mood-a", "1.3.0", "calm", "angry"),
                BrickJar.head("acme/mood-a", "2.0.0", "calm", "angry"),
                BrickJar.head("acme/mood-b", "0.4.2", "angry", "calm"),
                BrickJar.head("acme/topic", "1.0.0", "sport", "news"))) {
            CliRun published = CliRun.in(CliRun.environment(shared, author), "publish",
                    brick.writeTo(jars).toString(), "--registry", url);
            assertEquals(0, published.exitCode(), published.toString());
        }
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    CliRun brick(String... args) {
        return CliRun.in(CliRun.environment(home, author), args);
    }

    @Test
    void aComposedFolderIsPackedVerifiedAndPublishedLikeAnyBrick() throws Exception {
        Path folder = home.resolve("mood");
        CliRun composed = brick("compose", "acme/mood", "--component", "acme/mood-a@^1=2", "--component",
                "acme/mood-b", "--registry", url, "-o", folder.toString(), "--description",
                "Calm or angry, by two heads.", "--author", "Ada", "--tag", "mood");
        assertEquals(0, composed.exitCode(), composed.toString());
        assertTrue(composed.out().contains("composed acme/mood@1.0.0 of 2 components"), composed.out());

        JsonNode manifest = JSON.readTree(folder.resolve("brick.json").toFile());
        assertEquals("composite", manifest.get("kind").asText());
        assertEquals(List.of("calm", "angry"), texts(manifest.get("labels")), "the first component's order");
        assertEquals(List.of("recipe.json"), texts(manifest.get("weights")));
        assertFalse(manifest.has("io"));
        assertEquals(2.0, manifest.get("metrics").get("components").asDouble());
        CompositeRecipe recipe = CompositeRecipeJson.read(Files.readAllBytes(folder.resolve("recipe.json")),
                BrickId.parse("acme/mood"));
        assertEquals(new CompositeRecipe(CompositeRecipe.AVERAGE, List.of(
                new CompositeRecipe.Component(BrickId.parse("acme/mood-a"), VersionRange.parse("^1"), 2),
                new CompositeRecipe.Component(BrickId.parse("acme/mood-b"), VersionRange.parse("^0.4.2"), 1))),
                recipe, "no range means ^ of the newest version");
        String card = Files.readString(folder.resolve("README.md"));
        assertTrue(card.startsWith("---\nid: acme/mood\n"), card);
        assertTrue(card.contains("  - brick: acme/mood-a\n    range: \"^1\"\n    weight: 2\n"), card);
        assertTrue(card.contains("| acme/mood-a | `^1` | 2 | 66.7 % | 1.3.0 |"), card);

        Path jar = home.resolve("mood.jar");
        CliRun pack = brick("pack", folder.toString(), "-o", jar.toString());
        assertEquals(0, pack.exitCode(), pack.toString());
        VerifiedBrick verified = new BrickVerifier().verify(jar);
        assertTrue(verified.headers().get("Require-Capability").contains(BrickHeaders.requireComponents(recipe)),
                verified.headers().toString());
        CliRun verify = brick("verify", jar.toString());
        assertEquals(0, verify.exitCode(), verify.toString());
        CliRun publish = brick("publish", folder.toString(), "--registry", url);
        assertEquals(0, publish.exitCode(), publish.toString());
        assertTrue(publish.out().contains("published acme/mood@1.0.0"), publish.out());
        CliRun search = brick("search", "--kind", "composite", "--registry", url, "--json");
        assertEquals(0, search.exitCode(), search.toString());
        assertTrue(search.out().contains("\"acme/mood\""), search.out());

        // a new version keeps the author's own card section and the metadata of brick.json
        Files.writeString(folder.resolve("README.md"), card + "\n## Caveats\n\nShouting is not always anger.\n");
        CliRun again = brick("compose", "acme/mood", "--component", "acme/mood-a@^1", "--component",
                "acme/mood-b@^0.4=3", "--registry", url, "-o", folder.toString(), "--version", "1.1.0");
        assertEquals(0, again.exitCode(), again.toString());
        String newCard = Files.readString(folder.resolve("README.md"));
        assertTrue(newCard.contains("## Caveats\n\nShouting is not always anger."), newCard);
        assertTrue(newCard.contains("| acme/mood-b | `^0.4` | 3 | 75.0 % | 0.4.2 |"), newCard);
        assertEquals("Calm or angry, by two heads.",
                JSON.readTree(folder.resolve("brick.json").toFile()).get("description").asText());
    }

    @Test
    void componentsWithOtherLabelsAreRefusedNamingBoth() throws Exception {
        Path folder = home.resolve("mixed");
        CliRun refused = brick("compose", "acme/mixed", "--component", "acme/mood-a@^1", "--component",
                "acme/topic@^1", "--registry", url, "-o", folder.toString(), "--description", "Mixed.",
                "--author", "Ada");
        assertEquals(ExitCode.USAGE.code(), refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("acme/mood-a@1.3.0 [calm, angry]")
                && refused.err().contains("acme/topic@1.0.0 [sport, news]"), refused.err());
        assertFalse(Files.exists(folder.resolve("brick.json")), "nothing is written");
    }

    @Test
    void aTaggedComponentIsRequiredFromTheVersionTheTagPointsAt() throws Exception {
        assertEquals(0, brick("tag", "set", "acme/mood-a@1.0.0", "stable", "--registry", url).exitCode());
        Path folder = home.resolve("tagged");
        CliRun composed = brick("compose", "acme/tagged", "--component", "acme/mood-a@stable=3", "--component",
                "acme/mood-b", "--registry", url, "-o", folder.toString(), "--description", "Tagged.",
                "--author", "Ada");
        assertEquals(0, composed.exitCode(), composed.toString());
        CompositeRecipe recipe = CompositeRecipeJson.read(Files.readAllBytes(folder.resolve("recipe.json")),
                BrickId.parse("acme/tagged"));
        assertEquals(new CompositeRecipe.Component(BrickId.parse("acme/mood-a"), VersionRange.parse("^1.0.0"), 3),
                recipe.components().get(0), "a tag becomes ^ of the version it points at, with its weight");
    }

    @Test
    void anUnknownComponentOrRangeIsNotFound() throws Exception {
        for (String component : List.of("acme/nowhere@^1", "acme/mood-b@^3", "acme/mood-b@never-tagged")) {
            CliRun refused = brick("compose", "acme/lost", "--component", "acme/mood-a@^1", "--component",
                    component, "--registry", url, "-o", home.resolve("lost").toString(), "--description", "Lost.",
                    "--author", "Ada");
            assertEquals(ExitCode.NOT_FOUND.code(), refused.exitCode(), refused.toString());
            assertTrue(refused.err().contains("component " + component), refused.err());
        }
    }

    @Test
    void aCompositeOfOneOrOfItselfIsAUsageError() throws Exception {
        List<List<String>> cases = List.of(List.of("acme/mood-a@^1"), List.of("acme/mood-a@^1", "acme/mood-a@^2"),
                List.of("acme/mood-a@^1", "acme/mood-b@^0.4=0"), List.of("acme/mood-a@^1", "acme/mood-b@^bad"));
        for (List<String> components : cases) {
            List<String> args = new ArrayList<>(List.of("compose", "acme/mood-a", "--registry", url, "-o",
                    home.resolve("x").toString(), "--description", "X.", "--author", "Ada"));
            components.forEach(component -> args.addAll(List.of("--component", component)));
            CliRun refused = brick(args.toArray(String[]::new));
            assertEquals(ExitCode.USAGE.code(), refused.exitCode(), components + "\n" + refused);
        }
    }

    @Test
    void packingACompositeWithABrokenRecipeNamesTheFileAndPath() throws Exception {
        Path folder = Files.createDirectories(home.resolve("broken"));
        Files.write(folder.resolve("brick.json"), dev.brickyard.api.manifest.ManifestJson.write(
                BrickJar.compositeManifest("acme/broken", "1.0.0", List.of("calm", "angry"))));
        Files.writeString(folder.resolve("README.md"), "---\nid: acme/broken\n---\n# acme/broken\n");
        Files.writeString(folder.resolve("recipe.json"), "{\"combine\": \"average\", \"components\": ["
                + "{\"brick\": \"acme/mood-a\", \"range\": \"^1\", \"weight\": 1},"
                + "{\"brick\": \"acme/mood-b\", \"range\": \"^^1\", \"weight\": 1}]}");
        CliRun pack = brick("pack", folder.toString(), "-o", home.resolve("broken.jar").toString());
        assertEquals(ExitCode.INVALID_BRICK.code(), pack.exitCode(), pack.toString());
        assertTrue(pack.err().contains("recipe.json:$.components[1].range"), pack.err());
        assertFalse(Files.exists(home.resolve("broken.jar")));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
