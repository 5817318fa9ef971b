package dev.brickyard.api.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.VersionRange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompositeRecipeJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BrickId SELF = BrickId.parse("acme/blend");
    private static final CompositeRecipe RECIPE = new CompositeRecipe(CompositeRecipe.AVERAGE, List.of(
            new CompositeRecipe.Component(BrickId.parse("brickyard/sentiment"), VersionRange.parse("^1"), 2.0),
            new CompositeRecipe.Component(BrickId.parse("acme/reviews-mood"), VersionRange.parse(">=1.2 <2"), 0.5)));

    @Test
    void writesAndReadsTheDocumentedForm() throws Exception {
        byte[] json = CompositeRecipeJson.write(RECIPE);

        assertEquals(JSON.readTree("""
                {"combine": "average", "components": [
                  {"brick": "brickyard/sentiment", "range": "^1", "weight": 2.0},
                  {"brick": "acme/reviews-mood", "range": ">=1.2 <2", "weight": 0.5}]}
                """), JSON.readTree(json));
        assertEquals(RECIPE, CompositeRecipeJson.read(json, SELF));
    }

    @Test
    void reportsEveryViolationWithItsPath() {
        String json = """
                {"combine": "vote", "extra": 1, "components": [
                  {"brick": "acme/a", "range": "^1", "weight": 1},
                  {"brick": "acme/a", "range": "^1.x.2", "weight": -1},
                  {"brick": "acme/blend", "range": "1.0.0", "weight": "heavy", "note": "x"},
                  {"brick": "Not An Id", "weight": 1},
                  7]}
                """;
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> read(json));

        assertEquals(Set.of("$.combine", "$.extra", "$.components[1].brick", "$.components[1].range",
                "$.components[1].weight", "$.components[2].brick", "$.components[2].weight",
                "$.components[2].note", "$.components[3].brick", "$.components[3].range", "$.components[4]"),
                paths(e));
        assertTrue(e.getMessage().contains("cannot be its own component"), e.getMessage());
        assertTrue(e.getMessage().contains("duplicate 'acme/a'"), e.getMessage());
    }

    @Test
    void needsTwoToSixteenComponents() {
        String one = "{\"combine\": \"average\", \"components\": [{\"brick\": \"acme/a\", \"range\": \"^1\", "
                + "\"weight\": 1}]}";
        assertEquals(Set.of("$.components"), paths(assertThrows(MalformedBrickException.class, () -> read(one))));

        StringBuilder many = new StringBuilder("{\"combine\": \"average\", \"components\": [");
        for (int i = 0; i < 17; i++) {
            many.append(i == 0 ? "" : ",").append("{\"brick\": \"acme/c").append(i)
                    .append("\", \"range\": \"^1\", \"weight\": 1}");
        }
        String seventeen = many.append("]}").toString();
        assertEquals(Set.of("$.components"),
                paths(assertThrows(MalformedBrickException.class, () -> read(seventeen))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "{\"combine\": \"average\"}", "{\"combine\": \"average\", \"components\": {}}"})
    void reportsAMissingOrMisshapenDocument(String json) {
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> read(json));
        assertEquals(1, e.violations().size(), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"combine\": ", "not json", "{\"combine\": \"average\"} {}"})
    void bytesThatAreNotOneJsonValueAreMalformed(String text) {
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> read(text));
        assertTrue(e.getMessage().startsWith("recipe.json is not valid JSON"), e.getMessage());
    }

    @Test
    void refusesARecipeOverTheLimit() {
        byte[] big = new byte[CompositeRecipeJson.MAX_BYTES + 1];
        MalformedBrickException e = assertThrows(MalformedBrickException.class,
                () -> CompositeRecipeJson.read(big, SELF));
        assertTrue(e.getMessage().contains("more than the limit"), e.getMessage());
    }

    @Test
    void theRequirementsOfARecipeNameEachComponentInItsRange() {
        assertEquals("brick;filter:=\"(&(brick=brickyard/sentiment)(&(version>=1.0.0)(!(version>=2.0.0))))\","
                + "brick;filter:=\"(&(brick=acme/reviews-mood)(&(version>=1.2.0)(!(version>=2.0.0))))\"",
                BrickHeaders.requireComponents(RECIPE));
    }

    private static CompositeRecipe read(String json) throws MalformedBrickException {
        return CompositeRecipeJson.read(json.getBytes(StandardCharsets.UTF_8), SELF);
    }

    private static Set<String> paths(MalformedBrickException e) {
        return e.violations().stream().map(Violation::path).collect(Collectors.toSet());
    }
}
