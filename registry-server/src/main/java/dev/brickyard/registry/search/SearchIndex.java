package dev.brickyard.registry.search;

import dev.brickyard.api.BrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.base.BaseModel;
import dev.brickyard.registry.store.BrickRecord;
import dev.brickyard.registry.store.BrickStore;
import dev.brickyard.registry.store.VersionRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every brick's representative version in memory (10,000 bricks take a few MB, their embeddings 15 MB), ranked per
 * query by {@code 0.5 × text + 0.5 × semantic}. The snapshot is replaced whole when the store's event clock moves
 * (this server's publishes refresh it at once; other servers' within {@link #STALE_AFTER_MILLIS}), so a search
 * never sees half an update. Query embeddings are cached, as the same queries recur.
 *
 * <p>Scores:
 * <ul>
 *   <li><b>text</b>: the share of the query's words (stop words aside, see {@link SearchWords}) that begin a word of
 *   the brick's namespace, name, tags or labels (1 each) or else of its description
 *   ({@value WordIndex#DESCRIPTION_WEIGHT} each). Matching is by word prefix, not by any substring: "invoice" finds
 *   "invoices", "art" no longer finds "party", and "by" is not a match for every description.</li>
 *   <li><b>semantic</b>: the dot product of the query's and the brick's embeddings (both L2-normalised, so the
 *   cosine similarity), clamped at 0. A brick whose text score is 0 is listed only from
 *   {@link #SEMANTIC_THRESHOLD}.</li>
 * </ul>
 * Every order (relevance, downloads, newest) lists the bricks marked as copies of another namespace's brick after
 * all the others: a copy never outranks its original, however many downloads it gathers or however well its copied
 * text matches. Among originals, and among copies, the order asked for applies.
 * Ties are broken by brick id. A search reads the text through a {@link WordIndex} and the embeddings through one
 * {@link EmbeddingMatrix}, and orders only the part of the result that is read ({@link RankedHits}), so a first page
 * costs about one pass over the embeddings whatever the number of matches.
 */
public final class SearchIndex {
    /** How old a snapshot may get before a search reloads it, to pick up other servers' work and downloads. */
    public static final long STALE_AFTER_MILLIS = 2_000;
    /** How old a snapshot may get before it is reloaded whole, for download counts. */
    public static final long FULL_RELOAD_MILLIS = 30_000;
    /**
     * A brick that matches no query word is listed only when its meaning is at least this close. Calibrated on the
     * team's queries (SearchQualityTest): 18 of 20 paraphrases score their brick above it, and 1 of 10 queries no
     * brick is about scores any brick above it (0.25 let only 17 paraphrases through).
     */
    static final double SEMANTIC_THRESHOLD = 0.20;
    private static final int CACHED_QUERIES = 1_000;

    /**
     * One brick's representative version, with what search reads of it precomputed.
     *
     * @param copyOf the original when the brick is a copy, else null
     */
    private record Entry(String id, VersionRecord latest, WordIndex.BrickWords words, long downloads, BrickId copyOf) {
    }

    /**
     * An immutable view of every brick, sorted by id, so that an entry's position breaks ties as the brick id does.
     */
    private record Snapshot(long eventId, long loadedAt, List<Entry> entries, WordIndex words,
                            EmbeddingMatrix embeddings, boolean[] yanked, boolean[] copies) {
        /**
         * With the yanked and copy marks of the entries copied into arrays by position: a search tests them for
         * thousands of entries, and reading them from the entries' records costs two dependent memory loads each.
         */
        Snapshot(long eventId, long loadedAt, List<Entry> entries, WordIndex words, EmbeddingMatrix embeddings) {
            this(eventId, loadedAt, entries, words, embeddings, marks(entries, entry -> entry.latest().yanked()),
                    marks(entries, entry -> entry.copyOf() != null));
        }

        private static boolean[] marks(List<Entry> entries, java.util.function.Predicate<Entry> marked) {
            boolean[] marks = new boolean[entries.size()];
            for (int entry = 0; entry < marks.length; entry++) {
                marks[entry] = marked.test(entries.get(entry));
            }
            return marks;
        }

        static Snapshot of(long eventId, long loadedAt, List<Entry> unsorted) {
            List<Entry> entries = new ArrayList<>(unsorted);
            entries.sort(Comparator.comparing(Entry::id));
            return new Snapshot(eventId, loadedAt, List.copyOf(entries),
                    new WordIndex(entries.stream().map(Entry::words).toList()),
                    new EmbeddingMatrix(entries.stream().map(entry -> entry.latest().embedding()).toList()));
        }
    }

    private final BrickStore store;
    private final BaseModel queryModel;
    private volatile Snapshot snapshot = Snapshot.of(-1, 0, List.of());
    private volatile long lastCheck;
    private final Map<String, float[]> queryEmbeddings = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > CACHED_QUERIES;
        }
    };

    /**
     * @param queryModel embeds the queries: the full-precision base model, whose embeddings the bricks carry, or its
     *                   INT8 build, which puts a query within quantisation error of the same point (cosine about
     *                   0.99 to the FP32 embedding) in a third of the time; docs/benchmarks.md measures how often
     *                   that changes a first page
     */
    public SearchIndex(BrickStore store, BaseModel queryModel) {
        this.store = store;
        this.queryModel = queryModel;
    }

    /** Reloads the whole snapshot from the store. */
    public synchronized void refresh() {
        long eventId = store.lastEventId();
        List<VersionRecord> versions = store.searchable();
        Map<BrickId, BrickRecord> bricks = new HashMap<>();
        store.bricks().forEach(brick -> bricks.put(brick.id(), brick));
        List<Entry> entries = new ArrayList<>(versions.size());
        for (VersionRecord latest : versions) {
            entries.add(entry(latest, bricks.get(latest.brick())));
        }
        snapshot = Snapshot.of(eventId, System.currentTimeMillis(), entries);
    }

    /**
     * Replaces one brick's entry after this server changed it (publish, yank), reading only that brick's versions:
     * a full reload costs seconds with tens of thousands of versions. Other servers' changes still arrive by the
     * periodic full reload.
     */
    public synchronized void update(BrickId id) {
        Snapshot now = snapshot;
        if (now.eventId < 0) {
            refresh();
            return;
        }
        List<VersionRecord> versions = store.versions(id);
        BrickRecord brick = store.brick(id).orElse(null);
        long eventId = store.lastEventId();
        int position = Collections.binarySearch(now.entries.stream().map(Entry::id).toList(), id.toString());
        if (position >= 0 && !versions.isEmpty()) {
            // the usual case, a new version of a brick already listed: patch the snapshot in place of a rebuild
            Entry before = now.entries.get(position);
            Entry replacement = entry(representative(versions), brick);
            EmbeddingMatrix embeddings = now.embeddings.with(position, replacement.latest.embedding());
            if (embeddings != null) {
                List<Entry> entries = new ArrayList<>(now.entries);
                entries.set(position, replacement);
                snapshot = new Snapshot(eventId, now.loadedAt, List.copyOf(entries),
                        now.words.with(position, before.words, replacement.words), embeddings);
                return;
            }
        }
        List<Entry> entries = new ArrayList<>(now.entries.size() + 1);
        for (Entry entry : now.entries) {
            if (!entry.id.equals(id.toString())) {
                entries.add(entry);
            }
        }
        if (!versions.isEmpty()) {
            entries.add(entry(representative(versions), brick));
        }
        snapshot = Snapshot.of(eventId, now.loadedAt, entries);
    }

    private static VersionRecord representative(List<VersionRecord> versions) {
        return dev.brickyard.registry.store.JdbcBrickStore.representative(versions);
    }

    /** @param brick the brick's totals and copy mark; null only if the brick row went missing */
    private static Entry entry(VersionRecord latest, BrickRecord brick) {
        List<String> names = new ArrayList<>(SearchWords.of(latest.brick().toString()));
        latest.tags().forEach(tag -> names.addAll(SearchWords.of(tag)));
        latest.labels().forEach(label -> names.addAll(SearchWords.of(label)));
        return new Entry(latest.brick().toString(), latest,
                new WordIndex.BrickWords(names, SearchWords.of(latest.description())),
                brick == null ? 0 : brick.downloads(), brick == null ? null : brick.copyOf());
    }

    /**
     * The snapshot to search: reloaded whole when the event clock has moved (checked at most every
     * {@link #STALE_AFTER_MILLIS}) or every {@link #FULL_RELOAD_MILLIS}, which also refreshes download counts.
     */
    private Snapshot current() {
        Snapshot now = snapshot;
        long time = System.currentTimeMillis();
        if (now.eventId < 0 || time - now.loadedAt > FULL_RELOAD_MILLIS) {
            refresh();
        } else if (time - lastCheck > STALE_AFTER_MILLIS) {
            lastCheck = time;
            if (store.lastEventId() != now.eventId) {
                refresh();
            }
        }
        return snapshot;
    }

    /**
     * Every matching brick, best first. The list is ranked lazily: reading its first page costs one pass over the
     * matches, and its {@code size()} is the total.
     */
    public List<SearchHit> search(SearchQuery query) {
        Snapshot now = current();
        String text = query.text() == null ? "" : query.text().strip();
        List<Entry> entries = now.entries;
        int[] candidates = new int[entries.size()];
        int count = 0;
        if (text.isEmpty()) {
            for (int entry = 0; entry < entries.size(); entry++) {
                if (matchesFilters(entries.get(entry).latest, query)) {
                    candidates[count++] = entry;
                }
            }
            return ranked(now, query.sort(), false, candidates, count, new double[count], new double[count],
                    new double[count]);
        }
        List<String> terms = SearchWords.queryTerms(text);
        float[] dots = now.embeddings.dotProducts(embed(text));
        double[] found = now.words.found(terms);
        boolean filtered = hasFilters(query);
        double[] scores = new double[entries.size()];
        double[] textScores = new double[entries.size()];
        double[] semanticScores = new double[entries.size()];
        for (int entry = 0; entry < dots.length; entry++) {
            // the scores first, from arrays: most entries fail here without their records being read
            double textScore = terms.isEmpty() ? 0 : found[entry] / terms.size();
            double semantic = Math.max(0, dots[entry]);
            if (textScore == 0 && semantic < SEMANTIC_THRESHOLD
                    || now.yanked[entry] && !query.includeYanked()
                    || filtered && !matchesFilters(entries.get(entry).latest, query)) {
                continue;
            }
            candidates[count] = entry;
            textScores[count] = textScore;
            semanticScores[count] = semantic;
            scores[count] = 0.5 * textScore + 0.5 * semantic;
            count++;
        }
        return ranked(now, query.sort(), true, candidates, count, scores, textScores, semanticScores);
    }

    /**
     * The candidates (entry positions, with their scores at the same positions) in the order the query asks for,
     * originals before copies. Ties go to the lower entry position, which is the brick id's order, as the snapshot is
     * sorted by id.
     */
    private static List<SearchHit> ranked(Snapshot snapshot, SearchQuery.Sort sort, boolean hasText, int[] candidates,
                                          int count, double[] scores, double[] textScores, double[] semanticScores) {
        List<Entry> entries = snapshot.entries;
        RankedHits.CandidateOrder primary = switch (sort == null ? SearchQuery.Sort.RELEVANCE : sort) {
            case RELEVANCE -> hasText ? (a, b) -> Double.compare(scores[b], scores[a])
                    : (a, b) -> Long.compare(entries.get(candidates[b]).downloads, entries.get(candidates[a]).downloads);
            case DOWNLOADS ->
                    (a, b) -> Long.compare(entries.get(candidates[b]).downloads, entries.get(candidates[a]).downloads);
            case NEWEST -> (a, b) -> entries.get(candidates[b]).latest.publishedAt()
                    .compareTo(entries.get(candidates[a]).latest.publishedAt());
        };
        boolean[] copies = snapshot.copies;
        RankedHits.CandidateOrder order = (a, b) -> {
            int originalsFirst = Boolean.compare(copies[candidates[a]], copies[candidates[b]]);
            if (originalsFirst != 0) {
                return originalsFirst;
            }
            int byPrimary = primary.compare(a, b);
            return byPrimary != 0 ? byPrimary : Integer.compare(candidates[a], candidates[b]);
        };
        return new RankedHits(count, order, candidate -> {
            Entry entry = entries.get(candidates[candidate]);
            return new SearchHit(entry.latest, scores[candidate], textScores[candidate], semanticScores[candidate],
                    entry.downloads, entry.copyOf);
        });
    }

    /**
     * The bricks whose embedding is closest to {@code embedding}, closest first: at most {@code limit}, each with a
     * cosine similarity of at least {@code atLeast}. Yanked bricks are included.
     */
    public List<BrickId> closestInMeaning(float[] embedding, double atLeast, int limit) {
        Snapshot now = current();
        float[] dots = now.embeddings.dotProducts(embedding);
        List<Integer> close = new ArrayList<>();
        for (int entry = 0; entry < dots.length; entry++) {
            if (dots[entry] >= atLeast) {
                close.add(entry);
            }
        }
        close.sort(Comparator.comparingDouble((Integer entry) -> dots[entry]).reversed());
        return close.stream().limit(limit).map(entry -> now.entries.get(entry).latest.brick()).toList();
    }

    /** Whether the query filters on anything besides yanked versions. */
    private static boolean hasFilters(SearchQuery query) {
        return query.kind() != null || query.origin() != null || query.base() != null || query.tag() != null
                || query.label() != null;
    }

    private static boolean matchesFilters(VersionRecord latest, SearchQuery query) {
        return (query.includeYanked() || !latest.yanked())
                && (query.kind() == null || latest.kind().jsonName().equals(query.kind()))
                && (query.origin() == null || latest.origin().jsonName().equals(query.origin()))
                && (query.base() == null || latest.baseModel().equals(query.base()))
                && (query.tag() == null || latest.tags().contains(query.tag()))
                && (query.label() == null || latest.labels().contains(query.label()));
    }

    private float[] embed(String text) {
        synchronized (queryEmbeddings) {
            float[] cached = queryEmbeddings.get(text);
            if (cached != null) {
                return cached;
            }
        }
        try {
            float[] vector = queryModel.embed(text);
            synchronized (queryEmbeddings) {
                queryEmbeddings.put(text, vector);
            }
            return vector;
        } catch (BrickException e) {
            throw new IllegalStateException("the base model failed to embed a query", e);
        }
    }
}
