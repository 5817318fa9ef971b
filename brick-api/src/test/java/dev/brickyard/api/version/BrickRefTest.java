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
            "acme/sentiment@^1.2@3", "@^1.2", "acme/sentiment@1.2.3.4", "acme/sentiment@Stable",
            "acme/sentiment@-beta", "acme/sentiment@a-very-long-tag-name-of-thirty-three"})
    void rejectsMalformedReferences(String text) {
        assertThrows(IllegalArgumentException.class, () -> BrickRef.parse(text));
    }

    @Test
    void aTagNameAfterTheAtIsATagForTheRegistryToResolve() {
        BrickRef ref = BrickRef.parse("acme/urgency@stable");

        assertTrue(ref.isTag());
        assertEquals("stable", ref.tag());
        assertEquals(null, ref.range());
        assertEquals("stable", ref.selector());
        assertEquals("acme/urgency@stable", ref.toString());
        assertEquals(ref, BrickRef.parse(ref.toString()));
        assertEquals("latest", BrickRef.parse("acme/urgency@latest").tag(), "latest is the implicit tag");
        assertEquals("lts-2", BrickRef.parse(" acme/urgency @ lts-2 ").tag());
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "X", "*", "1", "^1", "1.x"})
    void whatReadsAsAVersionStaysARange(String selector) {
        BrickRef ref = BrickRef.parse("acme/urgency@" + selector);

        assertFalse(ref.isTag());
        assertEquals(selector, ref.range().toString());
    }

    @Test
    void aVersionLikeTagIsRefusedRatherThanGuessed() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> BrickRef.parse("acme/urgency@v1"));
        assertTrue(thrown.getMessage().contains("neither a version range"), thrown.getMessage());
    }

    @Test
    void aMalformedTagSaysWhatATagMayBe() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> BrickRef.parse("acme/urgency@Stable"));
        assertTrue(thrown.getMessage().contains("tag name"), thrown.getMessage());
    }
}
