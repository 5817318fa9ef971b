package dev.brickyard.registry.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.registry.store.VersionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RankedHitsTest {
    private static final VersionRecord BRICK = new VersionRecord(new BrickId("acme", "ranked"), SemVer.parse("1.0.0"),
            BrickKind.HEAD, BrickOrigin.CUSTOMIZED, "all-minilm-l6-v2", "", List.of(), List.of(), "{}", "", Map.of(),
            new float[0], "sha256:00", 1, false, null, 0, Instant.EPOCH, "t");

    @Test
    void everyPrefixReadIsTheSameAsAFullSort() {
        Random random = new Random(11);
        for (int size : new int[] {0, 1, 5, 31, 32, 33, 100, 1_000}) {
            // few distinct scores, so the tie-break by position is exercised
            double[] scores = IntStream.range(0, size).mapToDouble(i -> random.nextInt(7) / 7.0).toArray();
            List<Integer> expected = IntStream.range(0, size).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparing(i -> i)).toList();

            assertEquals(expected, positions(hits(scores)), "read in order, size " + size);
            assertEquals(expected.subList(0, Math.min(20, size)), positions(hits(scores).subList(0, Math.min(20, size))));
            RankedHits deep = hits(scores);
            int from = size / 2;
            assertEquals(expected.subList(from, size), positions(deep.subList(from, size)), "a deep page first");
            assertEquals(expected, positions(deep), "then all of it");
            assertEquals(size, hits(scores).size());
        }
    }

    @Test
    void readingOutsideTheListFails() {
        RankedHits hits = hits(new double[] {0.5, 0.2});
        assertThrows(IndexOutOfBoundsException.class, () -> hits.get(2));
        assertThrows(IndexOutOfBoundsException.class, () -> hits.get(-1));
    }

    /** Hits whose text score is their candidate position, so the order can be read back. */
    private static RankedHits hits(double[] scores) {
        return new RankedHits(scores.length, (a, b) -> {
            int byScore = Double.compare(scores[b], scores[a]);
            return byScore != 0 ? byScore : Integer.compare(a, b);
        }, candidate -> new SearchHit(BRICK, scores[candidate], candidate, 0, 0, null));
    }

    private static List<Integer> positions(List<SearchHit> hits) {
        List<Integer> positions = new ArrayList<>();
        hits.forEach(hit -> positions.add((int) hit.textScore()));
        return positions;
    }
}
