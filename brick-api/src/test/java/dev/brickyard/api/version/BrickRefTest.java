package dev.brickyard.api.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class BrickRefTest {

    @Test
    void parsesIdAndRange() {
        BrickRef ref = BrickRef.parse("acme/sentiment@^1.2");

        assertEquals(BrickId.parse("acme/sentiment"), ref.id());
        assertTrue(ref.range().contains(SemVer.parse("1.2.0")));
        assertTrue(ref.range().contains(SemVer.parse("1.9.3")));
        assertFalse(ref.range().contains(SemVer.parse("2.0.0")));
        assertFalse(ref.range().contains(SemVer.parse("1.1.0")));
        assertEquals("acme/sentiment@^1.2", ref.toString());
    }

    @Test
    void anExactVersionMatchesOnlyThatVersion() {
        BrickRef ref = BrickRef.parse("acme/sentiment@1.2.0");

        assertTrue(ref.range().contains(SemVer.parse("1.2.0")));
        assertFalse(ref.range().contains(SemVer.parse("1.2.1")));
    }

    @Test
    void withoutARangeAnyReleaseMatches() {
        BrickRef ref = BrickRef.parse("acme/sentiment");

        assertEquals(BrickId.parse("acme/sentiment"), ref.id());
        assertTrue(ref.range().contains(SemVer.parse("0.0.1")));
        assertTrue(ref.range().contains(SemVer.parse("1.2.0")));
        assertTrue(ref.range().contains(SemVer.parse("99.0.0")));
        assertFalse(ref.range().contains(SemVer.parse("2.0.0-rc.1")), "any version means any release");
        assertEquals("acme/sentiment@*", ref.toString());
    }

    @Test
    void toleratesSpaceAroundTheParts() {
        assertEquals(BrickRef.parse("acme/sentiment@^1.2"), BrickRef.parse(" acme/sentiment @ ^1.2 "));
        assertEquals(BrickId.parse("acme/sentiment"), BrickRef.parse(" acme/sentiment ").id());
    }

    @Test
    void printsBackToTheSameReference() {
        BrickRef ref = BrickRef.parse("acme/sentiment@>=1.0 <2 || ^3");

        assertEquals(ref, BrickRef.parse(ref.toString()));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Acme/sentiment@^1.2", "acme@^1.2", "acme/sentiment@", "acme/sentiment@ ",
            "acme/sentiment@latest", "acme/sentiment@^1.2@3", "@^1.2", "acme/sentiment@1.2.3.4"})
    void rejectsMalformedReferences(String text) {
        assertThrows(IllegalArgumentException.class, () -> BrickRef.parse(text));
    }
}
