package dev.brickyard.registry.search;

import dev.brickyard.api.BrickException;
import dev.brickyard.api.BrickId;
import dev.brickyard.base.BaseModel;
import dev.brickyard.registry.store.BrickStore;
import dev.brickyard.registry.store.VersionRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every brick's representative version in memory (10,000 bricks take a few MB), ranked per query by
 * {@code 0.5 × text + 0.5 × semantic}. The snapshot is replaced whole when the store's event clock moves (this
 * server's publishes refresh it at once; other servers' within {@link #STALE_AFTER_MILLIS}), so a search never sees
 * half an update. Query embeddings are cached, as the same queries recur.
 */
public final class SearchIndex {
    /** How old a snapshot may get before a search reloads it, to pick up other servers' work and downloads. */
    public static final long STALE_AFTER_MILLIS = 2_000;
    /** A brick that matches no query word is listed only when its meaning is at least this close. */
    static final double SEMANTIC_THRESHOLD = 0.25;
    private static final int CACHED_QUERIES = 1_000;

    private record Entry(VersionRecord latest, String names, Set<String> words, String description, long downloads) {
    }

    private record Snapshot(long eventId, long loadedAt, List<Entry> entries) {
    }

    private final BrickStore store;
    private final BaseModel baseModel;
    private volatile Snapshot snapshot = new Snapshot(-1, 0, List.of());
    private final Map<String, float[]> queryEmbeddings = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > CACHED_QUERIES;
        }
    };

    public SearchIndex(BrickStore store, BaseModel baseModel) {
        this.store = store;
        this.baseModel = baseModel;
    }

    /** Reloads the snapshot from the store. */
    public synchronized void refresh() {
        long eventId = store.lastEventId();
        List<VersionRecord> versions = store.searchable();
        Map<BrickId, Long> downloads = store.brickDownloads();
        List<Entry> entries = new ArrayList<>(versions.size());
        for (VersionRecord latest : versions) {
            long total = downloads.getOrDefault(latest.brick(), 0L);
            String names = (latest.brick().toString() + " " + latest.brick().name().replace('-', ' '))
                    .toLowerCase(Locale.ROOT);
            Set<String> words = new java.util.HashSet<>(words(names));
            latest.tags().forEach(tag -> words.addAll(words(tag)));
            latest.labels().forEach(label -> words.addAll(words(label)));
            entries.add(new Entry(latest, names, words, latest.description().toLowerCase(Locale.ROOT), total));
        }
        snapshot = new Snapshot(eventId, System.currentTimeMillis(), List.copyOf(entries));
    }

    private Snapshot current() {
        Snapshot now = snapshot;
        if (now.eventId < 0 || System.currentTimeMillis() - now.loadedAt > STALE_AFTER_MILLIS) {
            if (store.lastEventId() != now.eventId || now.eventId < 0
                    || System.currentTimeMillis() - now.loadedAt > 15 * STALE_AFTER_MILLIS) {
                refresh();
            } else {
                snapshot = new Snapshot(now.eventId, System.currentTimeMillis(), now.entries);
            }
        }
        return snapshot;
    }

    /** Every matching brick, best first. */
    public List<SearchHit> search(SearchQuery query) {
        Snapshot now = current();
        String text = query.text() == null ? "" : query.text().strip();
        List<String> terms = words(text.toLowerCase(Locale.ROOT));
        float[] queryVector = text.isEmpty() ? null : embed(text);
        List<SearchHit> hits = new ArrayList<>();
        for (Entry entry : now.entries) {
            VersionRecord latest = entry.latest;
            if (!matchesFilters(latest, query)) {
                continue;
            }
            double textScore = 0;
            double semantic = 0;
            if (queryVector != null) {
                textScore = textScore(entry, terms);
                semantic = Math.max(0, dot(queryVector, latest.embedding()));
                if (textScore == 0 && semantic < SEMANTIC_THRESHOLD) {
                    continue;
                }
            }
            double score = queryVector == null ? 0 : 0.5 * textScore + 0.5 * semantic;
            hits.add(new SearchHit(latest, score, textScore, semantic, entry.downloads));
        }
        hits.sort(order(query.sort(), queryVector != null));
        return hits;
    }

    private static boolean matchesFilters(VersionRecord latest, SearchQuery query) {
        return (query.includeYanked() || !latest.yanked())
                && (query.kind() == null || latest.kind().jsonName().equals(query.kind()))
                && (query.origin() == null || latest.origin().jsonName().equals(query.origin()))
                && (query.base() == null || latest.baseModel().equals(query.base()))
                && (query.tag() == null || latest.tags().contains(query.tag()))
                && (query.label() == null || latest.labels().contains(query.label()));
    }

    /** Share of query words found: in the names (full weight), tags and labels, or the description. */
    private static double textScore(Entry entry, List<String> terms) {
        if (terms.isEmpty()) {
            return 0;
        }
        double found = 0;
        for (String term : terms) {
            if (entry.words.contains(term) || entry.names.contains(term)) {
                found += 1;
            } else if (entry.description.contains(term)) {
                found += 0.6;
            }
        }
        return found / terms.size();
    }

    private static Comparator<SearchHit> order(SearchQuery.Sort sort, boolean hasText) {
        Comparator<SearchHit> byId = Comparator.comparing(hit -> hit.latest().brick().toString());
        Comparator<SearchHit> byDownloads = Comparator.comparingLong(SearchHit::downloads).reversed();
        Comparator<SearchHit> byNewest = Comparator.comparing((SearchHit hit) -> hit.latest().publishedAt()).reversed();
        return switch (sort == null ? SearchQuery.Sort.RELEVANCE : sort) {
            case RELEVANCE -> hasText ? Comparator.comparingDouble(SearchHit::score).reversed().thenComparing(byId)
                    : byDownloads.thenComparing(byId);
            case DOWNLOADS -> byDownloads.thenComparing(byId);
            case NEWEST -> byNewest.thenComparing(byId);
        };
    }

    private float[] embed(String text) {
        synchronized (queryEmbeddings) {
            float[] cached = queryEmbeddings.get(text);
            if (cached != null) {
                return cached;
            }
        }
        try {
            float[] vector = baseModel.embed(text);
            synchronized (queryEmbeddings) {
                queryEmbeddings.put(text, vector);
            }
            return vector;
        } catch (BrickException e) {
            throw new IllegalStateException("the base model failed to embed a query", e);
        }
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.split("[^\\p{L}\\p{N}]+")).filter(word -> !word.isEmpty())
                .collect(Collectors.toList());
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
