package dev.brickyard.registry.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.registry.store.BrickStore.PublishOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link BrickStore}, run against every database the registry supports (one subclass each), like
 * distribution's {@code registry/storage/driver/testsuites}. Each test starts from an empty, migrated database.
 * A second store over the same database stands in for a second registry process sharing it.
 */
abstract class BrickStoreContract {
    private static final BrickId SENTIMENT = BrickId.parse("acme/sentiment");
    private static final BrickId TOPIC = BrickId.parse("acme/topic");
    private static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123456Z");
    private static final LocalDate DAY = LocalDate.parse("2025-03-01");
    /** Concurrent callers in the race tests; more than the pool of one store, fewer than the pools of two. */
    private static final int THREADS = 20;

    private final List<BrickStore> opened = new ArrayList<>();
    /** The store under test, over an empty database. */
    protected BrickStore store;

    /** Makes a new, empty database for one test (the next {@link #openDatabase()} calls reach it). */
    protected abstract void createEmptyDatabase() throws Exception;

    /** A new pool to the test's database, migrated; each call reaches the same data. */
    protected abstract Database openDatabase();

    /** Deletes the test's database after every store over it was closed. */
    protected abstract void dropDatabase() throws Exception;

    @BeforeEach
    final void openStore() throws Exception {
        createEmptyDatabase();
        store = openStoreOverSameDatabase();
    }

    @AfterEach
    final void closeStores() throws Exception {
        for (BrickStore each : opened) {
            each.close();
        }
        dropDatabase();
    }

    /** Another store over the test's database, as a second registry process would open it. */
    protected final BrickStore openStoreOverSameDatabase() {
        BrickStore another = new JdbcBrickStore(openDatabase());
        opened.add(another);
        return another;
    }

    // ---------------------------------------------------------------------------------------------- publish

    @Test
    void publishCreatesTheBrickTheVersionAndOnePublishedEvent() {
        VersionRecord published = draft(SENTIMENT, "1.0.0").build();
        AtomicInteger beforeCommitRuns = new AtomicInteger();

        assertEquals(PublishOutcome.CREATED, store.publish(published, beforeCommitRuns::incrementAndGet));

        assertEquals(1, beforeCommitRuns.get());
        assertStored(published, store.version(SENTIMENT, SemVer.parse("1.0.0")).orElseThrow());
        BrickRecord brick = store.brick(SENTIMENT).orElseThrow();
        assertEquals(new BrickRecord(SENTIMENT, T0, T0, 0, null), brick);
        assertEquals(1, store.lastEventId());
        RegistryEvent event = single(store.eventsAfter(0, 10));
        assertEquals(1, event.id());
        assertEquals(RegistryEvent.Type.PUBLISHED, event.type());
        assertEquals(SENTIMENT, event.brick());
        assertEquals(SemVer.parse("1.0.0"), event.version());
        assertEquals(published.digest(), event.digest());
        assertNotNull(event.at());
    }

    @Test
    void unknownBricksAndVersionsAreEmpty() {
        store.publish(draft(SENTIMENT, "1.0.0").build(), () -> { });

        assertEquals(Optional.empty(), store.brick(TOPIC));
        assertEquals(Optional.empty(), store.version(TOPIC, SemVer.parse("1.0.0")));
        assertEquals(Optional.empty(), store.version(SENTIMENT, SemVer.parse("1.0.1")));
        assertEquals(List.of(), store.versions(TOPIC));
    }

    @Test
    void aNewVersionMovesTheBricksUpdateTimeButNotItsCreationTime() {
        Instant later = T0.plusSeconds(3600);
        store.publish(draft(SENTIMENT, "1.0.0").build(), () -> { });
        store.publish(draft(SENTIMENT, "1.1.0").publishedAt(later).build(), () -> { });

        assertEquals(new BrickRecord(SENTIMENT, T0, later, 0, null), store.brick(SENTIMENT).orElseThrow());
    }

    @Test
    void publishingTheSameDigestAgainIsAlreadyPublishedAndChangesNothing() {
        VersionRecord first = draft(SENTIMENT, "1.0.0").build();
        store.publish(first, () -> { });
        AtomicInteger beforeCommitRuns = new AtomicInteger();

        PublishOutcome outcome = store.publish(draft(SENTIMENT, "1.0.0").description("edited later")
                .publishedAt(T0.plusSeconds(60)).build(), beforeCommitRuns::incrementAndGet);

        assertEquals(PublishOutcome.ALREADY_PUBLISHED, outcome);
        assertEquals(0, beforeCommitRuns.get(), "nothing to commit, so nothing to move into place");
        assertStored(first, store.version(SENTIMENT, SemVer.parse("1.0.0")).orElseThrow());
        assertEquals(new BrickRecord(SENTIMENT, T0, T0, 0, null), store.brick(SENTIMENT).orElseThrow());
        assertEquals(1, store.lastEventId());
    }

    @Test
    void publishingAnotherDigestUnderAPublishedVersionIsAConflictAndChangesNothing() {
        VersionRecord first = draft(SENTIMENT, "1.0.0").build();
        store.publish(first, () -> { });
        AtomicInteger beforeCommitRuns = new AtomicInteger();

        PublishOutcome outcome = store.publish(draft(SENTIMENT, "1.0.0").digestOf("other bytes").build(),
                beforeCommitRuns::incrementAndGet);

        assertEquals(PublishOutcome.CONFLICT, outcome);
        assertEquals(0, beforeCommitRuns.get());
        assertEquals(first.digest(), store.version(SENTIMENT, SemVer.parse("1.0.0")).orElseThrow().digest());
        assertEquals(1, store.versions(SENTIMENT).size());
        assertEquals(1, store.lastEventId());
    }

    @Test
    void aFailingBeforeCommitLeavesNoBrickNoVersionAndNoEvent() {
        IOException diskFull = new IOException("no space left on device");

        RuntimeException thrown = assertThrows(RuntimeException.class,
                () -> store.publish(draft(SENTIMENT, "1.0.0").build(), () -> {
                    throw diskFull;
                }));

        assertTrue(causes(thrown).contains(diskFull), "the failure keeps its cause: " + causes(thrown));
        assertEquals(Optional.empty(), store.brick(SENTIMENT));
        assertEquals(Optional.empty(), store.version(SENTIMENT, SemVer.parse("1.0.0")));
        assertEquals(List.of(), store.versions(SENTIMENT));
        assertEquals(List.of(), store.searchable());
        assertEquals(Map.of(), downloads(store));
        assertEquals(0, store.lastEventId());
        assertEquals(List.of(), store.eventsAfter(0, 10));

        assertEquals(PublishOutcome.CREATED, store.publish(draft(SENTIMENT, "1.0.0").build(), () -> { }),
                "a retry after the failure publishes");
        assertEquals(List.of(1L), ids(store.eventsAfter(0, 10)), "the rolled-back event left no gap");
    }

    @Test
    void aFailingBeforeCommitOnAKnownBrickLeavesTheBrickAsItWas() {
        store.publish(draft(SENTIMENT, "1.0.0").build(), () -> { });

        assertThrows(RuntimeException.class, () -> store.publish(
                draft(SENTIMENT, "1.1.0").publishedAt(T0.plusSeconds(60)).build(), () -> {
                    throw new IOException("rename failed");
                }));

        assertEquals(new BrickRecord(SENTIMENT, T0, T0, 0, null), store.brick(SENTIMENT).orElseThrow());
        assertEquals(List.of(SemVer.parse("1.0.0")), versionsOf(store.versions(SENTIMENT)));
        assertEquals(1, store.lastEventId());
    }

    // --------------------------------------------------------------------------------------------- versions

    @Test
    void versionsAreHighestFirstBySemverPrecedenceWithYankedOnesIncluded() {
        List<String> descending = List.of("10.0.0", "2.0.0", "1.10.0", "1.9.0", "1.0.0", "1.0.0-rc.1",
                "1.0.0-beta.11", "1.0.0-beta.2", "1.0.0-beta", "1.0.0-alpha.beta", "1.0.0-alpha.1", "1.0.0-alpha",
                "0.0.1");
        List<String> publishOrder = new ArrayList<>(descending);
        Collections.shuffle(publishOrder, new Random(42));
        for (String version : publishOrder) {
            store.publish(draft(SENTIMENT, version).build(), () -> { });
        }
        store.publish(draft(TOPIC, "99.0.0").build(), () -> { });
        store.setYanked(SENTIMENT, SemVer.parse("2.0.0"), true, "broken");

        List<VersionRecord> versions = store.versions(SENTIMENT);

        assertEquals(descending.stream().map(SemVer::parse).toList(), versionsOf(versions));
        assertTrue(versions.get(1).yanked());
        assertTrue(versions.stream().allMatch(v -> v.manifest() != null && v.card() != null),
                "versions() carries the documents");
    }

    // ------------------------------------------------------------------------------------------- searchable

    @Test
    void searchablePicksTheHighestNonYankedReleaseOfEveryBrickInIdOrder() {
        BrickId releases = BrickId.parse("zeta/releases");
        BrickId preReleasesOnly = BrickId.parse("acme/preview");
        BrickId allYanked = BrickId.parse("mid/withdrawn");
        publishAll(releases, "1.9.0", "1.10.0", "2.0.0", "3.0.0-beta.1");
        store.setYanked(releases, SemVer.parse("2.0.0"), true, "broken");
        publishAll(preReleasesOnly, "1.0.0-alpha", "1.0.0-beta", "0.9.0", "2.0.0-rc.1");
        store.setYanked(preReleasesOnly, SemVer.parse("0.9.0"), true, "broken");
        store.setYanked(preReleasesOnly, SemVer.parse("2.0.0-rc.1"), true, "broken");
        publishAll(allYanked, "1.0.0", "3.0.0-rc.1", "2.0.0");
        for (String version : List.of("1.0.0", "3.0.0-rc.1", "2.0.0")) {
            store.setYanked(allYanked, SemVer.parse(version), true, "withdrawn");
        }

        List<VersionRecord> searchable = store.searchable();

        assertEquals(List.of(preReleasesOnly, allYanked, releases),
                searchable.stream().map(VersionRecord::brick).toList());
        assertEquals(List.of(SemVer.parse("1.0.0-beta"), SemVer.parse("3.0.0-rc.1"), SemVer.parse("1.10.0")),
                versionsOf(searchable));
        for (VersionRecord entry : searchable) {
            assertNull(entry.manifest(), "searchable() leaves the manifest out");
            assertNull(entry.card(), "searchable() leaves the card out");
            assertEquals(store.version(entry.brick(), entry.version()).orElseThrow().digest(), entry.digest());
        }
        assertTrue(searchable.get(1).yanked());
    }

    @Test
    void searchableIsEmptyWithoutBricks() {
        assertEquals(List.of(), store.searchable());
    }

    // ---------------------------------------------------------------------------------------------- yanking

    @Test
    void yankingRecordsAnEventOnlyWhenTheMarkChanges() {
        VersionRecord published = draft(SENTIMENT, "1.0.0").build();
        SemVer version = published.version();
        store.publish(published, () -> { });

        assertTrue(store.setYanked(SENTIMENT, version, true, "leaks training data"));
        VersionRecord yanked = store.version(SENTIMENT, version).orElseThrow();
        assertTrue(yanked.yanked());
        assertEquals("leaks training data", yanked.yankReason());
        assertTrue(store.setYanked(SENTIMENT, version, true, "again"), "the version exists");
        assertTrue(store.version(SENTIMENT, version).orElseThrow().yanked());
        assertEquals(2, store.lastEventId(), "yanking a yanked version records nothing");

        assertTrue(store.setYanked(SENTIMENT, version, false, null));
        VersionRecord unyanked = store.version(SENTIMENT, version).orElseThrow();
        assertFalse(unyanked.yanked());
        assertNull(unyanked.yankReason(), "the reason goes with the mark");
        assertTrue(store.setYanked(SENTIMENT, version, false, null));
        assertEquals(3, store.lastEventId(), "unyanking a live version records nothing");

        List<RegistryEvent> events = store.eventsAfter(0, 10);
        assertEquals(List.of(RegistryEvent.Type.PUBLISHED, RegistryEvent.Type.YANKED, RegistryEvent.Type.UNYANKED),
                events.stream().map(RegistryEvent::type).toList());
        for (RegistryEvent event : events) {
            assertEquals(SENTIMENT, event.brick());
            assertEquals(version, event.version());
            assertEquals(published.digest(), event.digest());
        }
        assertStored(published, unyanked);
    }

    // ---------------------------------------------------------------------------------------------- dist-tags

    @Test
    void aTagIsSetMovedAndRemovedWithOneEventPerChange() {
        publishAll(SENTIMENT, "1.0.0", "1.1.0");
        long before = store.lastEventId();
        SemVer one = SemVer.parse("1.0.0");
        SemVer oneOne = SemVer.parse("1.1.0");

        assertEquals(BrickStore.TagOutcome.SET, store.setDistTag(SENTIMENT, "stable", one, "tok1"));
        assertEquals(BrickStore.TagOutcome.UNCHANGED, store.setDistTag(SENTIMENT, "stable", one, "tok1"));
        assertEquals(Map.of("stable", one), store.distTags(SENTIMENT));
        assertEquals(BrickStore.TagOutcome.SET, store.setDistTag(SENTIMENT, "stable", oneOne, "tok1"));
        assertEquals(BrickStore.TagOutcome.SET, store.setDistTag(SENTIMENT, "beta", one, "tok1"));
        assertEquals(List.of("beta", "stable"), List.copyOf(store.distTags(SENTIMENT).keySet()), "by name");
        assertEquals(oneOne, store.distTags(SENTIMENT).get("stable"));
        assertEquals(Optional.of(oneOne), store.removeDistTag(SENTIMENT, "stable"));
        assertEquals(Optional.empty(), store.removeDistTag(SENTIMENT, "stable"), "removed already");
        assertEquals(Map.of("beta", one), store.distTags(SENTIMENT));
        assertEquals(Map.of(), store.distTags(TOPIC));

        List<RegistryEvent> events = store.eventsAfter(before, 10);
        assertEquals(List.of(RegistryEvent.Type.TAGGED, RegistryEvent.Type.TAGGED, RegistryEvent.Type.TAGGED,
                RegistryEvent.Type.UNTAGGED), events.stream().map(RegistryEvent::type).toList());
        assertEquals(List.of("stable", "stable", "beta", "stable"), events.stream().map(RegistryEvent::tag).toList());
        assertEquals(List.of(one, oneOne, one, oneOne), events.stream().map(RegistryEvent::version).toList(),
                "tagged names the new version, untagged the one the tag pointed at");
        assertEquals(store.version(SENTIMENT, oneOne).orElseThrow().digest(), events.get(1).digest());
        assertNull(store.eventsAfter(0, 1).get(0).tag(), "a version event names no tag");
    }

    @Test
    void aTagCannotPointAtAnUnknownOrYankedVersion() {
        publishAll(SENTIMENT, "1.0.0");
        store.setYanked(SENTIMENT, SemVer.parse("1.0.0"), true, "broken");
        long before = store.lastEventId();

        assertEquals(BrickStore.TagOutcome.VERSION_NOT_FOUND,
                store.setDistTag(SENTIMENT, "stable", SemVer.parse("2.0.0"), "tok1"));
        assertEquals(BrickStore.TagOutcome.VERSION_YANKED,
                store.setDistTag(SENTIMENT, "stable", SemVer.parse("1.0.0"), "tok1"));
        assertEquals(Map.of(), store.distTags(SENTIMENT));
        assertEquals(before, store.lastEventId(), "nothing changed, nothing recorded");
    }

    @Test
    void aTagSetByOneStoreIsSeenByAnother() {
        publishAll(SENTIMENT, "1.0.0");
        store.setDistTag(SENTIMENT, "stable", SemVer.parse("1.0.0"), "tok1");

        assertEquals(Map.of("stable", SemVer.parse("1.0.0")), openStoreOverSameDatabase().distTags(SENTIMENT));
    }

    @Test
    void yankingAnUnknownVersionIsFalseAndRecordsNothing() {
        store.publish(draft(SENTIMENT, "1.0.0").build(), () -> { });

        assertFalse(store.setYanked(SENTIMENT, SemVer.parse("1.0.1"), true, "typo"));
        assertFalse(store.setYanked(TOPIC, SemVer.parse("1.0.0"), true, "typo"));
        assertFalse(store.setYanked(TOPIC, SemVer.parse("1.0.0"), false, null));

        assertEquals(1, store.lastEventId());
        assertEquals(Optional.empty(), store.brick(TOPIC));
    }

    // -------------------------------------------------------------------------------------------- downloads

    @Test
    void downloadsCountPerVersionAndPerBrick() {
        publishAll(SENTIMENT, "1.0.0", "2.0.0");
        publishAll(TOPIC, "0.1.0");

        for (int i = 0; i < 3; i++) {
            assertTrue(store.countDownload(SENTIMENT, SemVer.parse("1.0.0"), "client " + i, DAY));
        }
        assertTrue(store.countDownload(SENTIMENT, SemVer.parse("2.0.0"), "client 0", DAY));

        assertEquals(3, store.version(SENTIMENT, SemVer.parse("1.0.0")).orElseThrow().downloads());
        assertEquals(1, store.version(SENTIMENT, SemVer.parse("2.0.0")).orElseThrow().downloads());
        assertEquals(0, store.version(TOPIC, SemVer.parse("0.1.0")).orElseThrow().downloads());
        assertEquals(4, store.brick(SENTIMENT).orElseThrow().downloads());
        assertEquals(Map.of(SENTIMENT, 4L, TOPIC, 0L), downloads(store));
    }

    @Test
    void aClientCountsOncePerVersionAndDay() {
        publishAll(SENTIMENT, "1.0.0", "2.0.0");

        assertTrue(store.countDownload(SENTIMENT, SemVer.parse("1.0.0"), "client", DAY));
        assertFalse(store.countDownload(SENTIMENT, SemVer.parse("1.0.0"), "client", DAY), "the same day again");
        assertTrue(store.countDownload(SENTIMENT, SemVer.parse("2.0.0"), "client", DAY), "another version");
        assertTrue(store.countDownload(SENTIMENT, SemVer.parse("1.0.0"), "client", DAY.plusDays(1)),
                "the next day");
        assertTrue(store.countDownload(SENTIMENT, SemVer.parse("1.0.0"), "another client", DAY));

        assertEquals(3, store.version(SENTIMENT, SemVer.parse("1.0.0")).orElseThrow().downloads());
        assertEquals(Map.of(SENTIMENT, 4L), downloads(store));
    }

    @Test
    void aDownloadOfAnUnknownVersionCountsNowhere() {
        publishAll(SENTIMENT, "1.0.0");

        assertFalse(store.countDownload(SENTIMENT, SemVer.parse("9.9.9"), "client", DAY));
        assertFalse(store.countDownload(TOPIC, SemVer.parse("1.0.0"), "client", DAY));

        assertEquals(0, store.brick(SENTIMENT).orElseThrow().downloads(),
                "the brick's total stays the sum of its versions");
        assertEquals(Map.of(SENTIMENT, 0L), downloads(store));
        assertEquals(Optional.empty(), store.brick(TOPIC));
        assertTrue(store.countDownload(SENTIMENT, SemVer.parse("1.0.0"), "client", DAY),
                "the refused downloads left no row behind");
    }

    @Test
    void concurrentDownloadsOfDifferentClientsAreAllCounted() throws Exception {
        publishAll(SENTIMENT, "1.0.0");
        BrickStore second = openStoreOverSameDatabase();

        race(THREADS, i -> (i % 2 == 0 ? store : second).countDownload(SENTIMENT, SemVer.parse("1.0.0"),
                "client " + i, DAY));

        assertEquals(THREADS, store.version(SENTIMENT, SemVer.parse("1.0.0")).orElseThrow().downloads());
        assertEquals(Map.of(SENTIMENT, (long) THREADS), downloads(store));
    }

    @Test
    void concurrentDownloadsOfOneClientCountOnceAcrossStores() throws Exception {
        publishAll(SENTIMENT, "1.0.0");
        BrickStore second = openStoreOverSameDatabase();

        List<Boolean> counted = race(THREADS, i -> (i % 2 == 0 ? store : second).countDownload(SENTIMENT,
                SemVer.parse("1.0.0"), "client", DAY));

        assertEquals(1, counted.stream().filter(Boolean::booleanValue).count(), counted.toString());
        assertEquals(1, store.version(SENTIMENT, SemVer.parse("1.0.0")).orElseThrow().downloads());
        assertEquals(Map.of(SENTIMENT, 1L), downloads(store));
    }

    @Test
    void aDaysSaltIsTheFirstOneProposedForEveryStore() throws Exception {
        BrickStore second = openStoreOverSameDatabase();

        List<String> salts = race(THREADS, i -> (i % 2 == 0 ? store : second).downloadSalt(DAY, "salt " + i));

        assertEquals(1, salts.stream().distinct().count(), salts.toString());
        assertEquals(salts.get(0), store.downloadSalt(DAY, "too late"));
        assertEquals("next day's", second.downloadSalt(DAY.plusDays(1), "next day's"));
    }

    @Test
    void forgettingDownloadsDeletesTheRowsAndSaltsOfEarlierDaysOnly() {
        publishAll(SENTIMENT, "1.0.0");
        SemVer version = SemVer.parse("1.0.0");
        for (LocalDate day : List.of(DAY.minusDays(2), DAY.minusDays(1), DAY)) {
            store.downloadSalt(day, "salt of " + day);
            assertTrue(store.countDownload(SENTIMENT, version, "client", day));
        }

        store.forgetDownloadsBefore(DAY.minusDays(1));

        assertEquals(3, store.brick(SENTIMENT).orElseThrow().downloads(), "totals are kept");
        assertTrue(store.countDownload(SENTIMENT, version, "client", DAY.minusDays(2)), "its row is gone");
        assertFalse(store.countDownload(SENTIMENT, version, "client", DAY.minusDays(1)));
        assertFalse(store.countDownload(SENTIMENT, version, "client", DAY));
        assertEquals("new salt", store.downloadSalt(DAY.minusDays(2), "new salt"), "its salt is gone");
        assertEquals("salt of " + DAY.minusDays(1), store.downloadSalt(DAY.minusDays(1), "new salt"));
    }

    @Test
    void bricksIsEmptyWithoutBricks() {
        assertEquals(List.of(), store.bricks());
    }

    // ------------------------------------------------------------------------------------------- provenance

    @Test
    void aNewBrickKeepsItsCopyMarkAndLaterVersionsDoNotChangeIt() {
        BrickId copy = BrickId.parse("evil/sentiment");
        store.publish(draft(SENTIMENT, "1.0.0").build(), () -> { });
        store.publish(draft(copy, "1.0.0").build(), new Provenance(null, SENTIMENT, null), () -> { });
        store.publish(draft(copy, "1.1.0").build(), new Provenance(null, TOPIC, null), () -> { });
        store.publish(draft(SENTIMENT, "1.1.0").build(), new Provenance(null, copy, null), () -> { });

        assertEquals(SENTIMENT, store.brick(copy).orElseThrow().copyOf());
        assertNull(store.brick(SENTIMENT).orElseThrow().copyOf(), "only a brick's first version decides");
        assertEquals(List.of(new BrickRecord(SENTIMENT, T0, T0, 0, null), new BrickRecord(copy, T0, T0, 0, SENTIMENT)),
                store.bricks());
    }

    @Test
    void bricksWithWeightsFindsEveryBrickWithAVersionOfThoseWeightsOldestFirst() {
        BrickId older = BrickId.parse("zeta/sentiment");
        store.publish(draft(older, "1.0.0").build(), new Provenance("sha256:aaaa", null, null), () -> { });
        store.publish(draft(SENTIMENT, "1.0.0").publishedAt(T0.plusSeconds(60)).build(),
                new Provenance("sha256:bbbb", null, null), () -> { });
        store.publish(draft(SENTIMENT, "1.1.0").publishedAt(T0.plusSeconds(120)).build(),
                new Provenance("sha256:aaaa", null, null), () -> { });
        store.publish(draft(TOPIC, "1.0.0").build(), () -> { });

        assertEquals(List.of(older, SENTIMENT), brickIds(store.bricksWithWeights("sha256:aaaa")));
        assertEquals(List.of(SENTIMENT), brickIds(store.bricksWithWeights("sha256:bbbb")));
        assertEquals(List.of(), brickIds(store.bricksWithWeights("sha256:cccc")));
    }

    // ----------------------------------------------------------------------------------------------- events

    @Test
    void anEmptyStoreHasNoEvents() {
        assertEquals(0, store.lastEventId());
        assertEquals(List.of(), store.eventsAfter(0, 100));
    }

    @Test
    void eventsAfterAnIdComeOldestFirstAndAtMostTheLimit() {
        publishAll(SENTIMENT, "1.0.0", "1.1.0");
        publishAll(TOPIC, "0.1.0");
        store.setYanked(SENTIMENT, SemVer.parse("1.1.0"), true, "broken");
        store.setYanked(SENTIMENT, SemVer.parse("1.1.0"), false, null);

        List<RegistryEvent> all = store.eventsAfter(0, 100);

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids(all));
        assertEquals(List.of("published acme/sentiment@1.0.0", "published acme/sentiment@1.1.0",
                "published acme/topic@0.1.0", "yanked acme/sentiment@1.1.0", "unyanked acme/sentiment@1.1.0"),
                all.stream().map(e -> e.type().jsonName() + " " + e.brick() + "@" + e.version()).toList());
        assertEquals(5, store.lastEventId());
        assertEquals(List.of(3L, 4L), ids(store.eventsAfter(2, 2)));
        assertEquals(List.of(5L), ids(store.eventsAfter(4, 2)));
        assertEquals(List.of(1L), ids(store.eventsAfter(0, 1)));
        assertEquals(List.of(), store.eventsAfter(5, 10));
        assertEquals(List.of(), store.eventsAfter(0, 0), "at most the limit, even when it is 0");
    }

    // ------------------------------------------------------------------------------------- signing keys

    @Test
    void keysAreRegisteredOncePerNamespaceAndARevokedKeyStaysRevoked() {
        String fingerprint = sha256Hex("a public key");
        NamespaceKey key = new NamespaceKey("acme", fingerprint, "release", "PEM", T0, "a1b2c3d4e5f6", null);
        assertEquals(BrickStore.KeyOutcome.ADDED, store.addKey(key));
        assertEquals(BrickStore.KeyOutcome.ALREADY_REGISTERED, store.addKey(key));
        assertEquals(BrickStore.KeyOutcome.ADDED, store.addKey(new NamespaceKey("globex", fingerprint, "shared",
                "PEM", T0.plusSeconds(1), "a1b2c3d4e5f6", null)));
        assertEquals(List.of(key), store.keys("acme"));
        assertEquals(List.of("acme", "globex"), store.keysWithFingerprint(fingerprint).stream()
                .map(NamespaceKey::namespace).toList());

        assertTrue(store.revokeKey("acme", fingerprint, T0.plusSeconds(5)));
        assertFalse(store.revokeKey("acme", fingerprint, T0.plusSeconds(6)), "revoked once");
        assertEquals(T0.plusSeconds(5), store.keys("acme").get(0).revokedAt());
        assertEquals(BrickStore.KeyOutcome.REVOKED, store.addKey(key));
        assertTrue(store.keys("acme").get(0).revoked(), "registering again does not bring it back");
        assertFalse(store.keysWithFingerprint(fingerprint).get(1).revoked(), "another namespace's stays valid");
    }

    @Test
    void aNamespaceRequiresSignaturesOnlyOnceItSaysSoAndAVersionKeepsItsSigner() {
        assertFalse(store.requiresSigned("acme"));
        store.setRequiresSigned("acme", true);
        assertTrue(store.requiresSigned("acme"));
        assertFalse(store.requiresSigned("globex"));
        store.setRequiresSigned("acme", false);
        assertFalse(store.requiresSigned("acme"));

        String signer = sha256Hex("the signer's key");
        store.publish(draft(SENTIMENT, "1.0.0").build(), new Provenance(null, null, signer), () -> { });
        store.publish(draft(SENTIMENT, "1.1.0").build(), () -> { });
        assertEquals(Optional.of(signer), store.signer(SENTIMENT, SemVer.parse("1.0.0")));
        assertEquals(Optional.empty(), store.signer(SENTIMENT, SemVer.parse("1.1.0")));
        assertEquals(Optional.empty(), store.signer(SENTIMENT, SemVer.parse("9.9.9")));
    }

    // ----------------------------------------------------------------------------------------------- tokens

    @Test
    void aTokenIsFoundByTheHashOfItsSecret() {
        TokenRecord token = token("a1b2c3d4e5f6", "acme", "publish from CI", T0);
        store.insertToken(token);

        assertEquals(Optional.of(token), store.tokenBySecretHash(token.secretHash()));
        assertEquals(Optional.empty(), store.tokenBySecretHash(sha256Hex("another secret")));
    }

    @Test
    void tokensAreListedByNamespaceNewestFirst() {
        TokenRecord oldest = token("000000000001", "acme", "first", T0);
        TokenRecord other = token("000000000002", "globex", "other namespace", T0.plusSeconds(1));
        TokenRecord newest = token("000000000003", "acme", "second", T0.plusSeconds(2));
        TokenRecord middle = token("000000000004", "acme", "third, older", T0.plusMillis(500));
        for (TokenRecord token : List.of(oldest, other, newest, middle)) {
            store.insertToken(token);
        }

        assertEquals(List.of(newest, middle, oldest), store.tokens("acme"));
        assertEquals(List.of(other), store.tokens("globex"));
        assertEquals(List.of(), store.tokens("initech"));
        assertEquals(List.of(newest, other, middle, oldest), store.tokens(null));
    }

    @Test
    void aTokenIsRevokedOnce() {
        TokenRecord token = token("a1b2c3d4e5f6", "acme", "publish from CI", T0);
        store.insertToken(token);

        assertTrue(store.revokeToken(token.id()));
        TokenRecord revoked = store.tokenBySecretHash(token.secretHash()).orElseThrow();
        assertTrue(revoked.revoked());
        assertNotNull(revoked.revokedAt());
        assertFalse(store.revokeToken(token.id()), "a second revoke changes nothing");
        assertEquals(revoked.revokedAt(), store.tokenBySecretHash(token.secretHash()).orElseThrow().revokedAt(),
                "a second revoke keeps the first time");
        assertFalse(store.revokeToken("ffffffffffff"), "no such token");
        assertEquals(List.of(revoked), store.tokens("acme"), "revoked tokens stay listed");
    }

    @Test
    void aTokenInsertedRevokedStaysRevoked() {
        TokenRecord token = new TokenRecord("a1b2c3d4e5f6", "acme", sha256Hex("secret"),
                EnumSet.of(TokenRecord.Scope.YANK), "", T0, T0.plusSeconds(5));
        store.insertToken(token);

        assertEquals(Optional.of(token), store.tokenBySecretHash(token.secretHash()));
        assertFalse(store.revokeToken(token.id()));
    }

    @Test
    void anAdminTokenHasNoNamespaceAndIsFoundById() {
        TokenRecord admin = new TokenRecord("adadadadadad", null, sha256Hex("admin secret"),
                EnumSet.of(TokenRecord.Scope.ADMIN), "ops", T0, null);
        store.insertToken(admin);

        assertEquals(Optional.of(admin), store.token("adadadadadad"));
        assertEquals(Optional.empty(), store.token("000000000000"));
        assertTrue(store.tokens(null).contains(admin));
        assertFalse(store.tokens("acme").contains(admin), "a namespace's list leaves admin tokens out");
    }

    @Test
    void tokenScopesRoundTrip() {
        Map<Set<TokenRecord.Scope>, TokenRecord> tokens = new LinkedHashMap<>();
        int n = 0;
        for (Set<TokenRecord.Scope> scopes : List.of(EnumSet.of(TokenRecord.Scope.PUBLISH),
                EnumSet.of(TokenRecord.Scope.YANK), TokenRecord.Scope.NAMESPACE_SCOPES)) {
            TokenRecord token = new TokenRecord("00000000000" + n, "acme", sha256Hex("secret " + n), scopes,
                    "scopes " + scopes, T0, null);
            store.insertToken(token);
            tokens.put(scopes, token);
            n++;
        }

        tokens.forEach((scopes, token) -> assertEquals(scopes,
                store.tokenBySecretHash(token.secretHash()).orElseThrow().scopes()));
    }

    // ------------------------------------------------------------------------------------------- round trip

    @Test
    void embeddingsRoundTripBitForBit() {
        float[] embedding = new float[384];
        Random random = new Random(7);
        for (int i = 0; i < embedding.length; i++) {
            embedding[i] = (float) random.nextGaussian();
        }
        float[] special = {0.0f, -0.0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
            -Float.MAX_VALUE, 1e-40f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 0.1f, 1.0f / 3};
        System.arraycopy(special, 0, embedding, 0, special.length);
        store.publish(draft(SENTIMENT, "1.0.0").embedding(embedding.clone()).build(), () -> { });
        store.publish(draft(SENTIMENT, "2.0.0").embedding(new float[0]).build(), () -> { });

        assertArrayEquals(embedding, store.version(SENTIMENT, SemVer.parse("1.0.0")).orElseThrow().embedding());
        assertArrayEquals(embedding, store.versions(SENTIMENT).get(1).embedding());
        assertArrayEquals(new float[0], store.version(SENTIMENT, SemVer.parse("2.0.0")).orElseThrow().embedding());
        store.setYanked(SENTIMENT, SemVer.parse("2.0.0"), true, "so that 1.0.0 represents the brick");
        assertArrayEquals(embedding, single(store.searchable()).embedding(), "searchable() carries embeddings");
    }

    @Test
    void headersAndTextsRoundTripExactly() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Bundle-SymbolicName", "acme.sentiment");
        headers.put("Bundle-Version", "1.0.0.beta_2");
        headers.put("Provide-Capability", "brickyard.brick;kind=head;labels:List<String>=\"negative,positive\"");
        headers.put("Require-Capability", "osgi.ee;filter:=\"(&(osgi.ee=JavaSE)(version>=17))\"");
        headers.put("Bundle-Description", "Ünïcödé — 日本語 😀, \"quotes\", back\\slash, tab\tand\nnew line");
        headers.put("Empty-Header", "");
        headers.put("a-lower-case-header", "  padded  ");
        String manifest = "{\n  \"id\": \"acme/sentiment\",\r\n  \"description\": \"Ünïcödé 😀\"\n}\n";
        String card = "# Sentiment 😀\r\n\r\n" + "Ω".repeat(100) + "\n" + "x".repeat(1_500_000) + "\n  trailing  ";
        VersionRecord published = draft(SENTIMENT, "1.0.0-beta.2+build.7")
                .description("Ünïcödé — 日本語 😀, 'single' and \"double\" quotes")
                .tags(List.of("sentiment", "english", "a-z0-9"))
                .labels(List.of("very negative", "neutral, mostly", "positive \"!\"", "日本語"))
                .headers(headers).manifest(manifest).card(card).size(Long.MAX_VALUE - 1).build();
        store.publish(published, () -> { });

        VersionRecord stored = store.version(SENTIMENT, SemVer.parse("1.0.0-beta.2+build.7")).orElseThrow();

        assertEquals(headers, stored.headers());
        assertEquals(manifest, stored.manifest());
        assertEquals(card, stored.card());
        assertEquals(published.labels(), stored.labels(), "labels keep their order: they are a head's outputs");
        assertEquals(published.tags(), stored.tags());
        assertStored(published, stored);
    }

    @Test
    void emptyListsRoundTrip() {
        VersionRecord published = draft(SENTIMENT, "1.0.0").tags(List.of()).labels(List.of()).headers(Map.of())
                .build();
        store.publish(published, () -> { });

        assertStored(published, store.version(SENTIMENT, SemVer.parse("1.0.0")).orElseThrow());
    }

    // ---------------------------------------------------------------------------------------- other process

    @Test
    void aSecondStoreOverTheSameDatabaseSeesEveryChange() {
        BrickStore second = openStoreOverSameDatabase();
        VersionRecord published = draft(SENTIMENT, "1.0.0").build();
        store.publish(published, () -> { });
        store.insertToken(token("a1b2c3d4e5f6", "acme", "ci", T0));

        assertStored(published, second.version(SENTIMENT, SemVer.parse("1.0.0")).orElseThrow());
        assertEquals(PublishOutcome.ALREADY_PUBLISHED, second.publish(published, () -> { }));
        assertTrue(second.setYanked(SENTIMENT, SemVer.parse("1.0.0"), true, "broken"));
        assertTrue(second.revokeToken("a1b2c3d4e5f6"));

        assertTrue(store.version(SENTIMENT, SemVer.parse("1.0.0")).orElseThrow().yanked());
        assertTrue(store.tokenBySecretHash(sha256Hex("secret a1b2c3d4e5f6")).orElseThrow().revoked());
        assertEquals(2, store.lastEventId());
    }

    // ------------------------------------------------------------------------------------------ concurrency

    @Test
    void racingPublishesOfTheSameBytesCreateOnceAndAreAlreadyPublishedOtherwise() throws Exception {
        VersionRecord version = draft(SENTIMENT, "1.0.0").build();
        BrickStore second = openStoreOverSameDatabase();
        AtomicInteger beforeCommitRuns = new AtomicInteger();

        List<PublishOutcome> outcomes = race(THREADS,
                i -> (i % 2 == 0 ? store : second).publish(version, beforeCommitRuns::incrementAndGet));

        Map<PublishOutcome, Long> counts = count(outcomes);
        assertEquals(Map.of(PublishOutcome.CREATED, 1L, PublishOutcome.ALREADY_PUBLISHED, (long) THREADS - 1),
                counts);
        assertEquals(1, beforeCommitRuns.get(), "the blob is moved into place once");
        assertStored(version, store.version(SENTIMENT, version.version()).orElseThrow());
        assertEquals(List.of(1L), ids(store.eventsAfter(0, 100)));
    }

    @Test
    void racingPublishesOfDifferentBytesCreateOnceAndConflictOtherwise() throws Exception {
        BrickStore second = openStoreOverSameDatabase();
        Map<String, Integer> winnerByDigest = new java.util.concurrent.ConcurrentHashMap<>();

        List<PublishOutcome> outcomes = race(THREADS, i -> {
            VersionRecord version = draft(SENTIMENT, "1.0.0").digestOf("bytes of uploader " + i).build();
            return (i % 2 == 0 ? store : second).publish(version, () -> winnerByDigest.put(version.digest(), i));
        });

        assertEquals(Map.of(PublishOutcome.CREATED, 1L, PublishOutcome.CONFLICT, (long) THREADS - 1),
                count(outcomes));
        int winner = outcomes.indexOf(PublishOutcome.CREATED);
        String winningDigest = draft(SENTIMENT, "1.0.0").digestOf("bytes of uploader " + winner).build().digest();
        assertEquals(Map.of(winningDigest, winner), winnerByDigest);
        assertEquals(winningDigest, store.version(SENTIMENT, SemVer.parse("1.0.0")).orElseThrow().digest());
        RegistryEvent event = single(store.eventsAfter(0, 100));
        assertEquals(winningDigest, event.digest());
    }

    @Test
    void eventIdsStayGapFreeAndIncreasingUnderConcurrentPublishes() throws Exception {
        BrickStore second = openStoreOverSameDatabase();
        BrickStore reader = openStoreOverSameDatabase();
        List<BrickId> bricks = List.of(SENTIMENT, TOPIC, BrickId.parse("globex/ner"), BrickId.parse("initech/qa"));
        AtomicBoolean writersDone = new AtomicBoolean();
        List<Long> seenByReader = Collections.synchronizedList(new ArrayList<>());
        ExecutorService readerThread = Executors.newSingleThreadExecutor();
        Future<?> reading = readerThread.submit(() -> {
            long last = 0;
            while (true) {
                boolean finalPass = writersDone.get();
                List<RegistryEvent> batch = reader.eventsAfter(last, 3);
                for (RegistryEvent event : batch) {
                    seenByReader.add(event.id());
                    last = event.id();
                }
                if (finalPass && batch.isEmpty()) {
                    return;
                }
            }
        });

        List<PublishOutcome> outcomes;
        try {
            outcomes = race(THREADS, i -> (i % 2 == 0 ? store : second).publish(
                    draft(bricks.get(i % bricks.size()), "1." + i + ".0").build(), () -> { }));
        } finally {
            writersDone.set(true);
            reading.get(2, TimeUnit.MINUTES);
            readerThread.shutdown();
        }

        assertEquals(Map.of(PublishOutcome.CREATED, (long) THREADS), count(outcomes));
        List<Long> oneToN = LongStream.rangeClosed(1, THREADS).boxed().toList();
        assertEquals(THREADS, store.lastEventId());
        List<RegistryEvent> events = store.eventsAfter(0, 1000);
        assertEquals(oneToN, ids(events));
        assertEquals(THREADS, events.stream().map(e -> e.brick() + "@" + e.version()).distinct().count(),
                "one event per version");
        assertEquals(oneToN, seenByReader, "a reader polling during the publishes sees every id once, in order");
    }

    // -------------------------------------------------------------------------------------------- helpers

    /** Every brick's download total, as the search index reads them. */
    private static Map<BrickId, Long> downloads(BrickStore store) {
        Map<BrickId, Long> downloads = new LinkedHashMap<>();
        store.bricks().forEach(brick -> downloads.put(brick.id(), brick.downloads()));
        return downloads;
    }

    private static List<BrickId> brickIds(List<BrickRecord> bricks) {
        return bricks.stream().map(BrickRecord::id).toList();
    }

    private void publishAll(BrickId brick, String... versions) {
        for (String version : versions) {
            assertEquals(PublishOutcome.CREATED, store.publish(draft(brick, version).build(), () -> { }));
        }
    }

    /** Runs the task on that many threads released together; results in thread-number order. */
    private static <T> List<T> race(int threads, ThrowingTask<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int number = i;
                futures.add(pool.submit((Callable<T>) () -> {
                    ready.countDown();
                    go.await();
                    return task.run(number);
                }));
            }
            ready.await();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(2, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private interface ThrowingTask<T> {
        T run(int threadNumber) throws Exception;
    }

    private static Map<PublishOutcome, Long> count(List<PublishOutcome> outcomes) {
        Map<PublishOutcome, Long> counts = new EnumMap<>(PublishOutcome.class);
        outcomes.forEach(outcome -> counts.merge(outcome, 1L, Long::sum));
        return counts;
    }

    private static List<Long> ids(List<RegistryEvent> events) {
        return events.stream().map(RegistryEvent::id).toList();
    }

    private static List<SemVer> versionsOf(List<VersionRecord> versions) {
        return versions.stream().map(VersionRecord::version).toList();
    }

    private static <T> T single(List<T> list) {
        assertEquals(1, list.size(), () -> "expected exactly one element: " + list);
        return list.get(0);
    }

    private static List<Throwable> causes(Throwable thrown) {
        List<Throwable> causes = new ArrayList<>();
        for (Throwable t = thrown; t != null && !causes.contains(t); t = t.getCause()) {
            causes.add(t);
        }
        return causes;
    }

    /** Every field equal, the embedding bit for bit (a record's equals compares arrays by identity). */
    private static void assertStored(VersionRecord expected, VersionRecord actual) {
        assertArrayEquals(expected.embedding(), actual.embedding(), "embedding");
        assertEquals(withoutEmbedding(expected), withoutEmbedding(actual));
    }

    private static VersionRecord withoutEmbedding(VersionRecord v) {
        return new VersionRecord(v.brick(), v.version(), v.kind(), v.origin(), v.baseModel(), v.description(),
                v.tags(), v.labels(), v.manifest(), v.card(), v.headers(), null, v.digest(), v.size(), v.yanked(),
                v.yankReason(), v.downloads(), v.publishedAt(), v.publishedBy());
    }

    private static TokenRecord token(String id, String namespace, String description, Instant createdAt) {
        return new TokenRecord(id, namespace, sha256Hex("secret " + id), EnumSet.of(TokenRecord.Scope.PUBLISH),
                description, createdAt, null);
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Draft draft(BrickId brick, String version) {
        return new Draft(brick, SemVer.parse(version));
    }

    /** A version as the publisher would hand it to the store, with every field set to something distinctive. */
    private static final class Draft {
        private final BrickId brick;
        private final SemVer version;
        private String description;
        private List<String> tags = List.of("sentiment", "english");
        private List<String> labels = List.of("negative", "positive");
        private String manifest;
        private String card;
        private Map<String, String> headers;
        private float[] embedding = {0.25f, -0.5f, 0.125f, 1.0f};
        private String digest;
        private long size = 48_213;
        private Instant publishedAt = T0;

        Draft(BrickId brick, SemVer version) {
            this.brick = brick;
            this.version = version;
            this.description = "Classifies the sentiment of " + brick + "@" + version;
            this.manifest = "{\"id\":\"" + brick + "\",\"version\":\"" + version + "\"}";
            this.card = "# " + brick + "\n\nVersion " + version + ".\n";
            this.headers = Map.of("Bundle-SymbolicName", brick.symbolicName(),
                    "Bundle-Version", version.toOsgiVersion());
            digestOf(brick + "@" + version);
        }

        Draft description(String text) {
            description = text;
            return this;
        }

        Draft tags(List<String> list) {
            tags = list;
            return this;
        }

        Draft labels(List<String> list) {
            labels = list;
            return this;
        }

        Draft manifest(String text) {
            manifest = text;
            return this;
        }

        Draft card(String text) {
            card = text;
            return this;
        }

        Draft headers(Map<String, String> map) {
            headers = map;
            return this;
        }

        Draft embedding(float[] vector) {
            embedding = vector;
            return this;
        }

        Draft digestOf(String bytes) {
            digest = "sha256:" + sha256Hex(bytes);
            return this;
        }

        Draft size(long bytes) {
            size = bytes;
            return this;
        }

        Draft publishedAt(Instant at) {
            publishedAt = at;
            return this;
        }

        VersionRecord build() {
            return new VersionRecord(brick, version, BrickKind.HEAD, BrickOrigin.CUSTOMIZED, "all-minilm-l6-v2",
                    description, tags, labels, manifest, card, headers, embedding, digest, size, false, null, 0,
                    publishedAt, "a1b2c3d4e5f6");
        }
    }
}
