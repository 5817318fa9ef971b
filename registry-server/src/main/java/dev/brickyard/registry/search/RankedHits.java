package dev.brickyard.registry.search;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The matching bricks of one search, best first, ordered only as far as someone reads. A page of 20 needs the
 * best 20 of perhaps thousands: those are picked with a bounded heap in one pass, and a {@link SearchHit} is made
 * only for a position that is read. Reading further ranks further (the ranked prefix at least doubles each time),
 * so walking the whole list costs a full heap sort, no more. {@link #size()} is known from the start, for totals
 * and cursors. Not thread-safe: one search, one reader.
 */
final class RankedHits extends AbstractList<SearchHit> implements RandomAccess {
    /** Ranked when the list is first read, so a first page of up to this many takes one pass. */
    private static final int FIRST_RANKING = 32;

    /** A total order of candidates, by their positions in the candidate arrays; negative when a ranks first. */
    interface CandidateOrder {
        int compare(int a, int b);
    }

    /** Makes the hit of a candidate, by its position in the candidate arrays. */
    interface HitMaker {
        SearchHit hit(int candidate);
    }

    private final int size;
    private final CandidateOrder order;
    private final HitMaker hits;
    /** The positions of the best {@code ranked.length} candidates, best first. */
    private int[] ranked = new int[0];

    RankedHits(int size, CandidateOrder order, HitMaker hits) {
        this.size = size;
        this.order = order;
        this.hits = hits;
    }

    @Override
    public SearchHit get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("hit " + index + " of " + size);
        }
        rankAtLeast(index + 1);
        return hits.hit(ranked[index]);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public List<SearchHit> subList(int fromIndex, int toIndex) {
        if (toIndex > fromIndex) {
            rankAtLeast(Math.min(toIndex, size));
        }
        return super.subList(fromIndex, toIndex);
    }

    private void rankAtLeast(int count) {
        if (count <= ranked.length) {
            return;
        }
        int wanted = Math.min(size, Math.max(count, Math.max(FIRST_RANKING, 2 * ranked.length)));
        ranked = best(wanted);
    }

    /**
     * The best {@code count} candidates, best first: a heap holding the best seen so far with the worst of them
     * at the root, so most candidates are turned away after one comparison; then emptied worst first.
     */
    private int[] best(int count) {
        int[] heap = new int[count];
        int filled = 0;
        for (int candidate = 0; candidate < size; candidate++) {
            if (filled < count) {
                heap[filled] = candidate;
                siftUp(heap, filled++);
            } else if (order.compare(candidate, heap[0]) < 0) {
                heap[0] = candidate;
                siftDown(heap, filled);
            }
        }
        int[] best = new int[count];
        for (int i = count - 1; i >= 0; i--) {
            best[i] = heap[0];
            heap[0] = heap[--filled];
            siftDown(heap, filled);
        }
        return best;
    }

    /** Whether a belongs nearer the root than b: the root holds the worst candidate. */
    private boolean worse(int a, int b) {
        return order.compare(a, b) > 0;
    }

    private void siftUp(int[] heap, int at) {
        int candidate = heap[at];
        while (at > 0) {
            int parent = (at - 1) / 2;
            if (!worse(candidate, heap[parent])) {
                break;
            }
            heap[at] = heap[parent];
            at = parent;
        }
        heap[at] = candidate;
    }

    private void siftDown(int[] heap, int filled) {
        if (filled == 0) {
            return;
        }
        int candidate = heap[0];
        int at = 0;
        while (true) {
            int child = 2 * at + 1;
            if (child >= filled) {
                break;
            }
            if (child + 1 < filled && worse(heap[child + 1], heap[child])) {
                child++;
            }
            if (!worse(heap[child], candidate)) {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = candidate;
    }
}
