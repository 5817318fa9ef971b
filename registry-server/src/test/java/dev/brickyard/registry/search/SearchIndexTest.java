package dev.brickyard.registry.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.registry.store.BrickRecord;
import dev.brickyard.registry.store.BrickStore;
import dev.brickyard.registry.store.Database;
import dev.brickyard.registry.store.JdbcBrickStore;
import dev.brickyard.registry.store.Provenance;
import dev.brickyard.registry.store.VersionRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index against a straightforward reference ranking (a scan of every brick, a full sort) on a random catalogue
 * in H2, with queries embedded by the real base model.
 */
class SearchIndexTest {
    private static final List<String> TASKS = List.of("sentiment", "spam", "toxicity", "invoice", "urgency", "topic",
            "football", "fraud");
    private static final List<String> WORDS = List.of("reviews", "emails", "tickets", "news", "headlines", "comments",
            "bills", "matches", "german", "french", "short", "noisy", "classifies", "detects", "the", "by", "for",
            "payments", "customers", "club", "party", "art");
    private static final List<String> QUERIES = List.of("sentiment of reviews", "classify emails by urgency",
            "which club won the match", "outstanding payments", "spam", "sent", "the", "news headlines", "art",
            "detect toxic comments in german", "fraud detection for invoices", "nothing like this at all");

    @TempDir
    static Path folder;
    private static BaseModel baseModel;
    private static BrickStore store;
    private static SearchIndex index;
    private static List<VersionRecord> representatives;

    @BeforeAll
    static void catalogue() throws Exception {
        baseModel = BaseModel.load();
        store = new JdbcBrickStore(Database.open(Database.h2Url(folder), null, null));
        Random random = new Random(20261129L);
        List<VersionRecord> versions = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String task = TASKS.get(random.nextInt(TASKS.size()));
            BrickId id = new BrickId("ns" + random.nextInt(5), task + "-" + i);
            String description = words(random, 6 + random.nextInt(6)) + " " + task + ".";
            List<String> tags = List.of(task, WORDS.get(random.nextInt(WORDS.size())));
            List<String> labels = List.of("yes", random.nextBoolean() ? "no" : "maybe");
            BrickKind kind = random.nextInt(4) == 0 ? BrickKind.KNOWLEDGE : BrickKind.HEAD;
            // about half the bricks get a real embedding of their description, so some pass the semantic threshold
            float[] embedding = random.nextBoolean() ? baseModel.embed(description) : randomUnitVector(random);
            for (String version : List.of("1.0.0", "1.1.0")) {
                versions.add(new VersionRecord(id, SemVer.parse(version), kind, BrickOrigin.CUSTOMIZED,
                        random.nextInt(5) == 0 ? "other-base" : BaseModel.NAME, description, tags, labels, "{}", "",
                        Map.of(), embedding, "sha256:" + "0".repeat(64), 1, false, null, 0,
                        Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextInt(1_000_000)), "token"));
            }
        }
        // every sixth brick is marked as a copy (of the first brick), which ranks it after every original
        for (int i = 0; i < versions.size(); i++) {
            store.publish(versions.get(i), i / 2 % 6 == 5 ? new Provenance(null, versions.get(0).brick(), null)
                    : Provenance.NONE, () -> { });
        }
        for (int i = 0; i < 40; i++) {
            VersionRecord version = versions.get(random.nextInt(versions.size()));
            store.countDownload(version.brick(), version.version(), "client " + i, LocalDate.parse("2026-01-01"));
        }
        // a few bricks with every version yanked
        for (int i = 0; i < 6; i++) {
            BrickId id = versions.get(i * 2 * 7).brick();
            store.setYanked(id, SemVer.parse("1.0.0"), true, "test");
            store.setYanked(id, SemVer.parse("1.1.0"), true, "test");
        }
        index = new SearchIndex(store, baseModel);
        index.refresh();
        representatives = store.searchable();
    }

    @AfterAll
    static void close() {
        store.close();
        baseModel.close();
    }

    @Test
    void rankingEqualsAReferenceScanForEveryQueryFilterAndOrder() throws Exception {
        assertRanksAsReference(index, baseModel);
    }

    /** The registry's default query model: INT8 query embeddings against the bricks' FP32 embeddings. */
    @Test
    void withAnInt8QueryModelRankingEqualsAReferenceScanWithInt8QueryEmbeddings() throws Exception {
        try (BaseModel int8 = BaseModel.load(BaseModelVariant.INT8, 1, false)) {
            SearchIndex int8Index = new SearchIndex(store, int8);
            int8Index.refresh();
            assertRanksAsReference(int8Index, int8);
        }
    }

    private static void assertRanksAsReference(SearchIndex index, BaseModel queryModel) throws Exception {
        List<String> texts = new ArrayList<>(QUERIES);
        texts.add(null);
        for (String text : texts) {
            for (SearchQuery.Sort sort : SearchQuery.Sort.values()) {
                for (SearchQuery query : List.of(
                        new SearchQuery(text, null, null, null, null, null, sort, false),
                        new SearchQuery(text, null, null, null, null, null, sort, true),
                        new SearchQuery(text, "head", null, BaseModel.NAME, null, "maybe", sort, false),
                        new SearchQuery(text, null, "customized", null, "spam", null, sort, false))) {
                    assertEquals(describe(reference(query, queryModel)), describe(index.search(query)),
                            query.toString());
                }
            }
        }
    }

    @Test
    void aPublishSeenThroughUpdateRanksAsAFullReloadWould() throws Exception {
        VersionRecord listed = representatives.get(representatives.size() / 2);
        VersionRecord newer = new VersionRecord(listed.brick(), SemVer.parse("2.0.0"), listed.kind(), listed.origin(),
                listed.baseModel(), "Now tells urgent football invoices apart.", List.of("urgency", "football"),
                List.of("urgent", "calm"), "{}", "", Map.of(), baseModel.embed("urgent football invoices"),
                "sha256:" + "1".repeat(64), 1, false, null, 0, Instant.parse("2026-06-01T00:00:00Z"), "token");
        BrickId fresh = new BrickId("zz", "brand-new");
        VersionRecord first = new VersionRecord(fresh, SemVer.parse("1.0.0"), BrickKind.HEAD, BrickOrigin.CUSTOMIZED,
                BaseModel.NAME, "A brand new brick about football.", List.of("football"), List.of("a", "b"), "{}", "",
                Map.of(), randomUnitVector(new Random(9)), "sha256:" + "2".repeat(64), 1, false, null, 0,
                Instant.parse("2026-06-02T00:00:00Z"), "token");
        SearchIndex reloaded = new SearchIndex(store, baseModel);
        try {
            store.publish(newer, () -> { });
            index.update(listed.brick());
            store.publish(first, () -> { });
            index.update(fresh);
            reloaded.refresh();
            for (String text : List.of("urgent football", "invoices", "calm", "brand")) {
                SearchQuery query = text(text);
                assertEquals(describe(reloaded.search(query)), describe(index.search(query)), text);
            }
        } finally {
            representatives = store.searchable();
        }
    }

    @Test
    void stopWordsNoLongerMatchEveryBrick() {
        int all = (int) representatives.stream().filter(version -> !version.yanked()).count();
        List<SearchHit> hits = index.search(text("the reviews by the club"));
        assertTrue(hits.size() < all, hits.size() + " of " + all);
        assertTrue(hits.stream().allMatch(hit -> hit.textScore() > 0
                || hit.semanticScore() >= SearchIndex.SEMANTIC_THRESHOLD));
    }

    @Test
    void aFirstPageAndItsCursorWalkTheWholeRankedList() {
        SearchQuery query = text("reviews");
        List<SearchHit> all = index.search(query);
        List<String> walked = new ArrayList<>();
        ResultPage page = ResultPage.of(index.search(query), query, null, 7);
        walked.addAll(ids(page.hits()));
        while (page.next() != null) {
            page = ResultPage.of(index.search(query), query, page.next(), 7);
            assertEquals(all.size(), page.total());
            walked.addAll(ids(page.hits()));
        }
        assertEquals(ids(all), walked);
    }

    /**
     * What the index did before it had a word index, an embedding matrix or lazy ranking, with prefix matching, and
     * copies after originals.
     */
    private static List<SearchHit> reference(SearchQuery query, BaseModel queryModel) throws Exception {
        Map<BrickId, BrickRecord> bricks = store.bricks().stream()
                .collect(Collectors.toMap(BrickRecord::id, brick -> brick));
        String text = query.text() == null ? "" : query.text().strip();
        List<String> terms = SearchWords.queryTerms(text);
        float[] vector = text.isEmpty() ? null : queryModel.embed(text);
        List<SearchHit> hits = new ArrayList<>();
        for (VersionRecord latest : representatives) {
            if (!(query.includeYanked() || !latest.yanked())
                    || query.kind() != null && !latest.kind().jsonName().equals(query.kind())
                    || query.origin() != null && !latest.origin().jsonName().equals(query.origin())
                    || query.base() != null && !latest.baseModel().equals(query.base())
                    || query.tag() != null && !latest.tags().contains(query.tag())
                    || query.label() != null && !latest.labels().contains(query.label())) {
                continue;
            }
            double textScore = 0;
            double semantic = 0;
            if (vector != null) {
                List<String> names = new ArrayList<>(SearchWords.of(latest.brick().toString()));
                latest.tags().forEach(tag -> names.addAll(SearchWords.of(tag)));
                latest.labels().forEach(label -> names.addAll(SearchWords.of(label)));
                List<String> description = SearchWords.of(latest.description());
                double found = 0;
                for (String term : terms) {
                    if (names.stream().anyMatch(word -> word.startsWith(term))) {
                        found += 1;
                    } else if (description.stream().anyMatch(word -> word.startsWith(term))) {
                        found += WordIndex.DESCRIPTION_WEIGHT;
                    }
                }
                textScore = terms.isEmpty() ? 0 : found / terms.size();
                float dot = 0;
                for (int i = 0; i < Math.min(vector.length, latest.embedding().length); i++) {
                    dot += vector[i] * latest.embedding()[i];
                }
                semantic = Math.max(0, dot);
                if (textScore == 0 && semantic < SearchIndex.SEMANTIC_THRESHOLD) {
                    continue;
                }
            }
            double score = vector == null ? 0 : 0.5 * textScore + 0.5 * semantic;
            BrickRecord brick = bricks.get(latest.brick());
            hits.add(new SearchHit(latest, score, textScore, semantic, brick.downloads(), brick.copyOf()));
        }
        Comparator<SearchHit> originalsFirst = Comparator.comparing(hit -> hit.copyOf() != null);
        Comparator<SearchHit> byId = Comparator.comparing(hit -> hit.latest().brick().toString());
        Comparator<SearchHit> byDownloads = Comparator.comparingLong(SearchHit::downloads).reversed();
        Comparator<SearchHit> byNewest = Comparator.comparing((SearchHit hit) -> hit.latest().publishedAt())
                .reversed();
        hits.sort(originalsFirst.thenComparing(switch (query.sort()) {
            case RELEVANCE -> vector != null ? Comparator.comparingDouble(SearchHit::score).reversed()
                    .thenComparing(byId) : byDownloads.thenComparing(byId);
            case DOWNLOADS -> byDownloads.thenComparing(byId);
            case NEWEST -> byNewest.thenComparing(byId);
        }));
        return hits;
    }

    private static List<String> describe(List<SearchHit> hits) {
        return hits.stream().map(hit -> hit.latest().ref() + " " + hit.score() + " " + hit.textScore() + " "
                + hit.semanticScore() + " " + hit.downloads() + " " + hit.copyOf()).collect(Collectors.toList());
    }

    private static List<String> ids(List<SearchHit> hits) {
        return hits.stream().map(hit -> hit.latest().brick().toString()).toList();
    }

    private static SearchQuery text(String text) {
        return new SearchQuery(text, null, null, null, null, null, SearchQuery.Sort.RELEVANCE, false);
    }

    private static String words(Random random, int count) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            words.add(WORDS.get(random.nextInt(WORDS.size())));
        }
        return String.join(" ", words);
    }

    private static float[] randomUnitVector(Random random) {
        float[] vector = new float[BaseModel.DIM];
        double norm = 0;
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) random.nextGaussian();
            norm += vector[i] * vector[i];
        }
        for (int i = 0; i < vector.length; i++) {
            vector[i] /= (float) Math.sqrt(norm);
        }
        return vector;
    }
}
