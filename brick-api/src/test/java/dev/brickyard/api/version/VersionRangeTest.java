package dev.brickyard.api.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionRangeTest {

    /** A range, versions it must accept, versions it must refuse. */
    static Stream<Arguments> ranges() {
        return Stream.of(
                range("1.2.3", List.of("1.2.3", "1.2.3+build.9"), List.of("1.2.2", "1.2.4", "1.2.3-rc.1", "1.3.0")),
                range("=1.2.3", List.of("1.2.3"), List.of("1.2.2", "1.2.4", "1.2.3-rc.1")),
                range("^1.2", List.of("1.2.0", "1.2.9", "1.9.99"),
                        List.of("1.1.9", "2.0.0", "2.0.0-rc.1", "1.3.0-beta", "1.2.0-rc.1", "0.9.0")),
                range("^1.2.3", List.of("1.2.3", "1.9.0"), List.of("1.2.2", "2.0.0")),
                range("^0.2.1", List.of("0.2.1", "0.2.9"), List.of("0.2.0", "0.3.0", "1.0.0", "0.3.0-rc.1")),
                range("^0.0.3", List.of("0.0.3"), List.of("0.0.2", "0.0.4", "0.1.0")),
                range("^0.0", List.of("0.0.0", "0.0.9"), List.of("0.1.0")),
                range("^0", List.of("0.0.0", "0.9.9"), List.of("1.0.0")),
                range("~1.2.3", List.of("1.2.3", "1.2.10"), List.of("1.2.2", "1.3.0", "1.2.4-beta")),
                range("~1.2", List.of("1.2.0", "1.2.99"), List.of("1.1.9", "1.3.0")),
                range("~1", List.of("1.0.0", "1.99.0"), List.of("0.9.9", "2.0.0")),
                range(">=1.0 <2", List.of("1.0.0", "1.9.9"), List.of("0.9.9", "2.0.0", "2.0.0-alpha", "1.5.0-rc.1")),
                range(">= 1.0, < 2", List.of("1.0.0", "1.9.9"), List.of("0.9.9", "2.0.0")),
                range(">1.2.3 <=1.4.0", List.of("1.2.4", "1.4.0"), List.of("1.2.3", "1.4.1")),
                range("1.x", List.of("1.0.0", "1.9.0"), List.of("0.9.0", "2.0.0", "1.5.0-beta")),
                range("1.X", List.of("1.0.0"), List.of("2.0.0")),
                range("1.2.*", List.of("1.2.0", "1.2.7"), List.of("1.1.9", "1.3.0")),
                range("1.2.x", List.of("1.2.0", "1.2.7"), List.of("1.3.0")),
                range("=1.2", List.of("1.2.0", "1.2.5"), List.of("1.3.0")),
                range("*", List.of("0.0.0", "1.0.0", "99.1.0"), List.of("1.0.0-rc.1")),
                range("1.x.x", List.of("1.0.0", "1.9.9"), List.of("0.9.9", "2.0.0")),
                range("x", List.of("0.0.1", "7.0.0"), List.of()),
                range("<=1.2", List.of("0.1.0", "1.2.0", "1.2.9"), List.of("1.3.0", "1.3.0-beta")),
                range("<=1.2.3", List.of("1.2.3"), List.of("1.2.4")),
                range("<1.2", List.of("1.1.9"), List.of("1.2.0")),
                range(">1", List.of("2.0.0", "3.1.0"), List.of("1.0.0", "1.9.9")),
                range(">1.2", List.of("1.3.0"), List.of("1.2.9")),
                range(">=1.2", List.of("1.2.0", "5.0.0"), List.of("1.1.9")),
                range("^1.2 || ^2.1", List.of("1.2.0", "2.1.0", "2.5.0"), List.of("2.0.5", "3.0.0", "1.1.0")),
                range("<1.0.0 || >=3", List.of("0.5.0", "3.0.0"), List.of("1.0.0", "2.9.9")),
                range(">=1.3.0-beta <2", List.of("1.3.0-beta", "1.3.0-beta.2", "1.3.0", "1.9.0"),
                        List.of("1.3.0-alpha", "1.4.0-beta", "2.0.0-rc.1")),
                range("^1.2.3-beta.2", List.of("1.2.3-beta.2", "1.2.3-beta.3", "1.2.3", "1.5.0"),
                        List.of("1.2.3-beta.1", "1.2.4-beta", "2.0.0")),
                // the pre-release named in one alternative does not open the other alternative to pre-releases
                range("1.3.0-beta.1 || >=1.0 <2", List.of("1.3.0-beta.1", "1.3.0"), List.of("1.3.0-beta.2")));
    }

    private static Arguments range(String range, List<String> accepted, List<String> refused) {
        return Arguments.of(range, accepted, refused);
    }

    @ParameterizedTest(name = "{0} accepts {1}, refuses {2}")
    @MethodSource("ranges")
    void acceptsExactlyTheVersionsItDescribes(String text, List<String> accepted, List<String> refused) {
        VersionRange range = VersionRange.parse(text);
        List<String> wrong = new ArrayList<>();
        for (String version : accepted) {
            if (!range.contains(SemVer.parse(version))) {
                wrong.add("refused " + version);
            }
        }
        for (String version : refused) {
            if (range.contains(SemVer.parse(version))) {
                wrong.add("accepted " + version);
            }
        }
        assertEquals(List.of(), wrong, "range " + text);
    }

    @Test
    void exactlyAcceptsOnlyThatVersion() {
        VersionRange range = VersionRange.exactly(SemVer.parse("1.2.0-rc.1"));

        assertTrue(range.contains(SemVer.parse("1.2.0-rc.1")));
        assertFalse(range.contains(SemVer.parse("1.2.0-rc.2")));
        assertFalse(range.contains(SemVer.parse("1.2.0")));
        assertEquals("=1.2.0-rc.1", range.toString());
        assertEquals(VersionRange.parse("=1.2.0-rc.1"), range);
    }

    @Test
    void bestPicksTheHighestMatchingVersion() {
        List<SemVer> candidates = Stream.of("1.1.0", "1.2.0", "1.10.0", "1.9.5", "1.11.0-beta", "2.0.0-rc.1",
                "2.0.0").map(SemVer::parse).toList();

        assertEquals(Optional.of(SemVer.parse("1.10.0")), VersionRange.parse("^1.2").best(candidates));
        assertEquals(Optional.of(SemVer.parse("2.0.0")), VersionRange.parse("*").best(candidates));
        assertEquals(Optional.of(SemVer.parse("1.2.0")), VersionRange.parse("~1.2").best(candidates));
        assertEquals(Optional.of(SemVer.parse("2.0.0-rc.1")),
                VersionRange.parse(">=2.0.0-rc.1 <2.0.0").best(candidates));
    }

    @Test
    void bestIsEmptyWhenNothingMatches() {
        List<SemVer> candidates = List.of(SemVer.parse("1.0.0"), SemVer.parse("3.0.0-beta"));

        assertEquals(Optional.empty(), VersionRange.parse("^3").best(candidates));
        assertEquals(Optional.empty(), VersionRange.parse("^1").best(List.of()));
    }

    @Test
    void printsTheRangeAsWrittenWithoutSurroundingSpace() {
        assertEquals(">= 1.0, < 2", VersionRange.parse("  >= 1.0, < 2 ").toString());
        assertEquals(VersionRange.parse("^1.2"), VersionRange.parse(" ^1.2 "));
        assertEquals(VersionRange.parse("^1.2").hashCode(), VersionRange.parse(" ^1.2 ").hashCode());
        assertNotEquals(VersionRange.parse("^1.2"), VersionRange.parse("^1.3"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void rejectsAnEmptyRange(String text) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> VersionRange.parse(text));
        assertTrue(error.getMessage().contains("empty"), error.getMessage());
    }

    @ParameterizedTest(name = "''{0}'' is refused naming ''{1}''")
    @MethodSource("invalidRanges")
    void rejectsAnInvalidRangeNamingTheBadPart(String text, String badPart) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> VersionRange.parse(text));
        assertTrue(error.getMessage().contains(badPart), "message '" + error.getMessage() + "' should name "
                + badPart);
    }

    static Stream<Arguments> invalidRanges() {
        return Stream.of(
                Arguments.of("^", "'^'"),
                Arguments.of("1.2.3.4", "'1.2.3.4'"),
                Arguments.of(">=x", "'>=x'"),
                Arguments.of("^*", "'^*'"),
                Arguments.of("a || ", "'a'"),
                Arguments.of("^1.2 || ", "empty alternative"),
                Arguments.of("|| ^1.2", "empty alternative"),
                Arguments.of("^1.2 || || ^2", "empty alternative"),
                Arguments.of(">=1.0 <", "'<'"),
                Arguments.of("1.2.3 | 2.0.0", "'|'"),
                Arguments.of("01.2.3", "'01.2.3'"),
                Arguments.of("^1.2 latest", "'latest'"),
                Arguments.of("v1.2.3", "'v1.2.3'"),
                Arguments.of("1.2.3-", "'1.2.3-'"),
                Arguments.of("1.x.3", "'1.x.3'"),
                Arguments.of("^1.2-rc.1", "'^1.2-rc.1'"),
                Arguments.of(">=1.2.3-01", "'1.2.3-01'"));
    }
}
