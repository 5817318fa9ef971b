package dev.brickyard.registry.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.registry.store.BrickStore;
import dev.brickyard.registry.store.Database;
import dev.brickyard.registry.store.JdbcBrickStore;
import dev.brickyard.registry.store.VersionRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The counter over a real H2 store, with clocks that say which UTC day it is. */
class DownloadCounterTest {
    private static final Instant MONDAY = Instant.parse("2026-03-02T23:59:59Z");
    private static final DownloadClient CLIENT = new DownloadClient("ipv4:203.0.113.7");

    @TempDir
    Path folder;
    private BrickStore store;
    private VersionRecord version;

    @BeforeEach
    void publish() {
        store = new JdbcBrickStore(Database.open(Database.h2Url(folder), null, null));
        version = new VersionRecord(BrickId.parse("acme/counted"), SemVer.parse("1.0.0"), BrickKind.HEAD,
                BrickOrigin.CUSTOMIZED, "all-minilm-l6-v2", "Counts.", List.of(), List.of("no", "yes"), "{}", "",
                Map.of(), new float[] {1}, "sha256:" + "0".repeat(64), 1, false, null, 0, MONDAY, "token");
        store.publish(version, () -> { });
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aClientCountsOnceADayInUtc() {
        DownloadCounter monday = new DownloadCounter(store, at(MONDAY));
        DownloadCounter tuesday = new DownloadCounter(store, at(MONDAY.plusSeconds(1)));

        assertTrue(monday.count(version, CLIENT));
        assertFalse(monday.count(version, CLIENT));
        assertFalse(new DownloadCounter(store, at(MONDAY)).count(version, CLIENT),
                "another process on the same database names the client alike");
        assertTrue(monday.count(version, new DownloadClient("ipv4:203.0.113.8")));
        assertTrue(tuesday.count(version, CLIENT), "a second after midnight UTC is a new day");
        assertFalse(tuesday.count(version, CLIENT));

        assertEquals(3, store.brick(version.brick()).orElseThrow().downloads());
    }

    @Test
    void theFirstCountOfADayForgetsTheDaysBeforeYesterday() {
        new DownloadCounter(store, at(MONDAY)).count(version, CLIENT);
        LocalDate monday = LocalDate.parse("2026-03-02");
        String mondaysSalt = store.downloadSalt(monday, "unused");

        new DownloadCounter(store, at(MONDAY.plusSeconds(86_400))).count(version, CLIENT);
        assertEquals(mondaysSalt, store.downloadSalt(monday, "unused"), "yesterday is kept on Tuesday");

        new DownloadCounter(store, at(MONDAY.plusSeconds(2 * 86_400))).count(version, CLIENT);
        assertEquals("a new one", store.downloadSalt(monday, "a new one"), "Monday's salt is gone on Wednesday");
    }

    /** A clock stopped at {@code instant}, in a zone far from UTC, which the counter must ignore. */
    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneId.of("Pacific/Kiritimati"));
    }
}
