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
    /** How old a snapshot may get before it is reloaded whole, for download counts. */
    public static final long FULL_RELOAD_MILLIS = 30_000;
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
    private volatile long lastCheck;
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

    /** Reloads the whole snapshot from the store. */
    public synchronized void refresh() {
        long eventId = store.lastEventId();
        List<VersionRecord> versions = store.searchable();
        Map<BrickId, Long> downloads = store.brickDownloads();
        List<Entry> entries = new ArrayList<>(versions.size());
        for (VersionRecord latest : versions) {
            entries.add(entry(latest, downloads.getOrDefault(latest.brick(), 0L)));
        }
        snapshot = new Snapshot(eventId, System.currentTimeMillis(), List.copyOf(entries));
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
        long downloads = store.brick(id).map(brick -> brick.downloads()).orElse(0L);
        List<Entry> entries = new ArrayList<>(now.entries.size() + 1);
        boolean placed = false;
        for (Entry entry : now.entries) {
            if (entry.latest.brick().equals(id)) {
                placed = true;
                if (!versions.isEmpty()) {
                    entries.add(entry(representative(versions), downloads));
                }
            } else {
                entries.add(entry);
            }
        }
        if (!placed && !versions.isEmpty()) {
            entries.add(entry(representative(versions), downloads));
        }
        snapshot = new Snapshot(store.lastEventId(), now.loadedAt, List.copyOf(entries));
    }

    private static VersionRecord representative(List<VersionRecord> versions) {
        return dev.brickyard.registry.store.JdbcBrickStore.representative(versions);
    }

    private static Entry entry(VersionRecord latest, long downloads) {
        String names = (latest.brick().toString() + " " + latest.brick().name().replace('-', ' '))
                .toLowerCase(Locale.ROOT);
        Set<String> words = new java.util.HashSet<>(words(names));
        latest.tags().forEach(tag -> words.addAll(words(tag)));
        latest.labels().forEach(label -> words.addAll(words(label)));
        return new Entry(latest, names, words, latest.description().toLowerCase(Locale.ROOT), downloads);
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
