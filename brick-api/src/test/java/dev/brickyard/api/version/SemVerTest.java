package dev.brickyard.api.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SemVerTest {

    @Test
    void parsesMajorMinorPatch() {
        SemVer version = SemVer.parse("10.20.30");

        assertEquals(10, version.major());
        assertEquals(20, version.minor());
        assertEquals(30, version.patch());
        assertEquals(List.of(), version.preRelease());
        assertEquals("", version.build());
        assertFalse(version.isPreRelease());
    }

    @Test
    void parsesPreReleaseIdentifiersAndBuildMetadata() {
        SemVer version = SemVer.parse("1.0.0-alpha.1+build.5.sha-1f2e");

        assertEquals(List.of("alpha", "1"), version.preRelease());
        assertEquals("build.5.sha-1f2e", version.build());
        assertTrue(version.isPreRelease());
        assertEquals(SemVer.of(1, 0, 0), version.release());
    }

    @Test
    void buildMetadataAloneIsNotAPreRelease() {
        SemVer version = SemVer.parse("1.0.0+20130313144700");

        assertFalse(version.isPreRelease());
        assertEquals("20130313144700", version.build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0", "1.2.3", "10.20.30", "1.1.2-prerelease+meta", "1.0.0-alpha",
            "1.0.0-0", "1.0.0-0a", "1.0.0-x-y-z.--", "1.0.0-alpha0.valid", "1.0.0+001", "1.0.0-rc.1+build.123",
            "1.2.3----RC-SNAPSHOT.12.9.1--.12+788", "999999999.999999999.999999999"})
    void acceptsValidVersionsAndPrintsThemBackUnchanged(String text) {
        assertTrue(SemVer.isValid(text));
        assertEquals(text, SemVer.parse(text).toString());
        assertEquals(SemVer.parse(text), SemVer.parse(SemVer.parse(text).toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "01.2.3", "1.02.3", "1.2.03",              // leading zeros in the numbers
            "1", "1.2", "1.2.", ".1.2", "1..3",          // missing parts
            "1.2.3.4", "v1.2.3", "-1.2.3", "1.2.3 beta", "a.b.c",
            "1.2.3-", "1.2.3-01", "1.2.3-alpha..1", "1.2.3-alpha.", "1.2.3-alpha_1", "1.2.3-+x",
            "1.2.3+", "1.2.3+a..b", "1.2.3+a+b", "1.2.3+meta_data",
            "1234567890.0.0"                             // would overflow an int
    })
    void rejectsInvalidVersionsNamingTheText(String text) {
        assertFalse(SemVer.isValid(text));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> SemVer.parse(text));
        assertTrue(error.getMessage().contains("'" + text + "'"), error.getMessage());
    }

    @ParameterizedTest
    @NullAndEmptySource
    void rejectsMissingText(String text) {
        assertFalse(SemVer.isValid(text));
        assertThrows(IllegalArgumentException.class, () -> SemVer.parse(text));
    }

    @Test
    void rejectsNegativeNumbers() {
        assertThrows(IllegalArgumentException.class, () -> SemVer.of(-1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> SemVer.of(0, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> SemVer.of(0, 0, -1));
    }

    @Test
    void ordersPreReleasesAsSemverSection11Says() {
        List<String> expected = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0");
        List<SemVer> versions = expected.stream().map(SemVer::parse).toList();

        for (int i = 0; i < versions.size(); i++) {
            for (int j = 0; j < versions.size(); j++) {
                int order = versions.get(i).compareTo(versions.get(j));
                assertEquals(Integer.signum(Integer.compare(i, j)), Integer.signum(order),
                        versions.get(i) + " compared with " + versions.get(j));
            }
        }
        List<SemVer> shuffled = new ArrayList<>(versions);
        Collections.shuffle(shuffled, new Random(42));
        Collections.sort(shuffled);
        assertEquals(expected, shuffled.stream().map(SemVer::toString).toList());
    }

    @Test
    void comparesNumbersNumericallyNotAsText() {
        assertTrue(SemVer.parse("1.9.0").compareTo(SemVer.parse("1.10.0")) < 0);
        assertTrue(SemVer.parse("1.0.9").compareTo(SemVer.parse("1.0.10")) < 0);
        assertTrue(SemVer.parse("9.0.0").compareTo(SemVer.parse("10.0.0")) < 0);
        assertTrue(SemVer.parse("2.0.0").compareTo(SemVer.parse("1.99.99")) > 0);
        assertTrue(SemVer.parse("1.0.0-2").compareTo(SemVer.parse("1.0.0-10")) < 0);
    }

    @Test
    void comparesHugeNumericPreReleaseIdentifiersWithoutOverflow() {
        SemVer smaller = SemVer.parse("1.0.0-99999999999999999999");
        SemVer larger = SemVer.parse("1.0.0-100000000000000000000");

        assertTrue(smaller.compareTo(larger) < 0);
        assertTrue(larger.compareTo(smaller) > 0);
    }

    @Test
    void numericIdentifiersSortBeforeAlphanumericOnesWhichSortInAsciiOrder() {
        assertTrue(SemVer.parse("1.0.0-1").compareTo(SemVer.parse("1.0.0-alpha")) < 0);
        assertTrue(SemVer.parse("1.0.0-999").compareTo(SemVer.parse("1.0.0-0a")) < 0);
        assertTrue(SemVer.parse("1.0.0-Beta").compareTo(SemVer.parse("1.0.0-alpha")) < 0);
        assertTrue(SemVer.parse("1.0.0-alpha-2").compareTo(SemVer.parse("1.0.0-alpha.2")) > 0);
    }

    @Test
    void preReleaseSortsBeforeItsReleaseButAfterTheReleaseBefore() {
        SemVer rc = SemVer.parse("2.0.0-rc.1");

        assertTrue(rc.compareTo(SemVer.of(2, 0, 0)) < 0);
        assertTrue(rc.compareTo(SemVer.parse("1.99.99")) > 0);
    }

    @Test
    void buildMetadataDoesNotAffectPrecedence() {
        SemVer first = SemVer.parse("1.0.0+build.1");
        SemVer second = SemVer.parse("1.0.0+build.2");

        assertEquals(0, first.compareTo(second));
        assertTrue(first.sameVersionAs(second));
        assertTrue(SemVer.parse("1.0.0-rc.1+a").sameVersionAs(SemVer.parse("1.0.0-rc.1")));
        assertFalse(SemVer.parse("1.0.0-rc.1").sameVersionAs(SemVer.of(1, 0, 0)));
        assertNotEquals(first, second, "the record still remembers which build it is");
    }

    @Test
    void releaseDropsPreReleaseAndBuild() {
        assertEquals("3.4.5", SemVer.parse("3.4.5-beta.2+exp").release().toString());
    }

    @Test
    void osgiVersionOfAReleaseIsTheSameNumbers() {
        assertEquals("1.2.3", SemVer.parse("1.2.3").toOsgiVersion());
    }

    @Test
    void osgiVersionJoinsPreReleaseAndBuildIntoOneQualifierWithoutDots() {
        assertEquals("1.2.3.rc_1", SemVer.parse("1.2.3-rc.1").toOsgiVersion());
        assertEquals("1.2.3.build_7", SemVer.parse("1.2.3+build.7").toOsgiVersion());
        assertEquals("1.2.3.beta_2_exp_sha-5", SemVer.parse("1.2.3-beta.2+exp.sha-5").toOsgiVersion());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.1", "1.0.0-alpha", "1.0.0-x-y.7+b.2", "1.2.3----RC-SNAPSHOT.12.9.1--.12+788"})
    void osgiVersionIsAValidBundleVersion(String text) {
        // OSGi: major.minor.micro.qualifier, qualifier of letters, digits, '_' and '-'.
        String osgi = SemVer.parse(text).toOsgiVersion();
        assertTrue(osgi.matches("\\d+\\.\\d+\\.\\d+(\\.[0-9A-Za-z_-]+)?"), osgi);
    }
}
