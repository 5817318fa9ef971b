package dev.brickyard.api.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DistTagTest {

    @ParameterizedTest
    @ValueSource(strings = {"stable", "beta", "lts-2", "a", "latest", "next", "abcdefghijklmnopqrstuvwxyz012345"})
    void acceptsLowerCaseNamesStartingWithALetter(String name) {
        assertTrue(DistTag.isValid(name));
        assertEquals(name, DistTag.requireValid(name));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Stable", "1", "1.2.0", "^1", "x", "v1", "v2-rc", "-beta", "be ta", "beta_1",
            "abcdefghijklmnopqrstuvwxyz0123456", "stable\n", "download"})
    void refusesNamesThatAreMalformedOrReadAsVersions(String name) {
        assertFalse(DistTag.isValid(name));
        assertThrows(IllegalArgumentException.class, () -> DistTag.requireValid(name));
    }

    @Test
    void latestIsValidButCannotBeSetOrRemoved() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> DistTag.requireSettable("latest"));
        assertTrue(thrown.getMessage().contains("implicit"), thrown.getMessage());
        assertEquals("stable", DistTag.requireSettable("stable"));
    }
}
