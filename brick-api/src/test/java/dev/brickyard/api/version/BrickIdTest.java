package dev.brickyard.api.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class BrickIdTest {
    private static final String LONGEST_PART = "a".repeat(64);

    @Test
    void parsesNamespaceAndName() {
        BrickId id = BrickId.parse("acme/sentiment");

        assertEquals("acme", id.namespace());
        assertEquals("sentiment", id.name());
        assertEquals("acme/sentiment", id.toString());
        assertEquals(new BrickId("acme", "sentiment"), id);
    }

    @Test
    void symbolicNameJoinsThePartsWithADot() {
        assertEquals("acme-labs.sentiment-v2", BrickId.parse("acme-labs/sentiment-v2").symbolicName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "0/9", "acme-labs/sentiment-v2", "acme/sentiment--x", "9lives/2-step"})
    void acceptsLowerCaseLettersDigitsAndHyphens(String text) {
        assertTrue(BrickId.isValid(text));
        assertEquals(text, BrickId.parse(text).toString());
    }

    @Test
    void acceptsPartsOfSixtyFourCharacters() {
        String text = LONGEST_PART + "/" + LONGEST_PART;

        assertTrue(BrickId.isValid(text));
        assertEquals(LONGEST_PART, BrickId.parse(text).name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Acme/sentiment", "acme/Sentiment", "ACME/SENTIMENT", "acme", "acme/", "/sentiment",
            "acme/sentiment/extra", "-acme/sentiment", "acme/-sentiment", "acme_labs/sentiment", "acme/senti ment",
            " acme/sentiment", "acme/sentiment ", "acme.labs/sentiment", "acme/sentiment@^1.2", "acme/séntiment"})
    void rejectsMalformedIdsNamingTheText(String text) {
        assertFalse(BrickId.isValid(text));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> BrickId.parse(text));
        assertTrue(error.getMessage().contains("'" + text + "'"), error.getMessage());
    }

    @Test
    void rejectsPartsLongerThanSixtyFourCharacters() {
        String longNamespace = LONGEST_PART + "a/sentiment";
        String longName = "acme/" + LONGEST_PART + "a";

        assertFalse(BrickId.isValid(longNamespace));
        assertFalse(BrickId.isValid(longName));
        assertThrows(IllegalArgumentException.class, () -> BrickId.parse(longNamespace));
        assertThrows(IllegalArgumentException.class, () -> BrickId.parse(longName));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void rejectsMissingText(String text) {
        assertFalse(BrickId.isValid(text));
        assertThrows(IllegalArgumentException.class, () -> BrickId.parse(text));
    }

    @Test
    void constructorAppliesTheSameRules() {
        assertThrows(IllegalArgumentException.class, () -> new BrickId("Acme", "sentiment"));
        assertThrows(IllegalArgumentException.class, () -> new BrickId("acme", "a/b"));
        assertThrows(IllegalArgumentException.class, () -> new BrickId(null, "sentiment"));
        assertThrows(IllegalArgumentException.class, () -> new BrickId("acme", null));
        assertThrows(IllegalArgumentException.class, () -> new BrickId("acme", ""));
    }

    @Test
    void sortsByItsText() {
        List<BrickId> ids = new ArrayList<>(List.of(BrickId.parse("zeta/a"), BrickId.parse("acme/topic"),
                BrickId.parse("acme/emotion"), BrickId.parse("beta/sentiment")));
        Collections.sort(ids);

        assertEquals(List.of("acme/emotion", "acme/topic", "beta/sentiment", "zeta/a"),
                ids.stream().map(BrickId::toString).toList());
    }
}
