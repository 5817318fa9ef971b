package dev.brickyard.registry.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WordIndexTest {
    private final WordIndex index = new WordIndex(List.of(
            new WordIndex.BrickWords(List.of("acme", "sentiment", "reviews", "positive", "negative"),
                    SearchWords.of("Tells happy product reviews from angry ones, at a party.")),
            new WordIndex.BrickWords(List.of("acme", "invoices", "paid", "unpaid"),
                    SearchWords.of("Sorts invoices and bills; sentiment free.")),
            new WordIndex.BrickWords(List.of(), List.of())));

    @Test
    void aWordInTheNamesCountsFullyAndOnlyInTheDescriptionCountsLess() {
        assertArrayEquals(new double[] {1, WordIndex.DESCRIPTION_WEIGHT, 0}, index.found(List.of("sentiment")));
        assertArrayEquals(new double[] {WordIndex.DESCRIPTION_WEIGHT, 0, 0}, index.found(List.of("happy")));
        assertArrayEquals(new double[] {1, 1, 0}, index.found(List.of("acme")));
    }

    @Test
    void aQueryWordMatchesTheWordsItBeginsNotAnySubstring() {
        assertArrayEquals(new double[] {0, 1, 0}, index.found(List.of("invoice")));
        assertArrayEquals(new double[] {1, WordIndex.DESCRIPTION_WEIGHT, 0}, index.found(List.of("sentim")));
        assertArrayEquals(new double[] {0, 0, 0}, index.found(List.of("art")), "'art' is inside 'party' only");
        assertArrayEquals(new double[] {0, 1, 0}, index.found(List.of("paid")), "'unpaid' does not count twice");
    }

    @Test
    void replacingOneBricksWordsAnswersAsIndexingAllAgain() {
        Random random = new Random(3);
        List<String> vocabulary = List.of("spam", "spammy", "ham", "reviews", "news", "new", "bills", "paid");
        List<WordIndex.BrickWords> bricks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            bricks.add(randomWords(random, vocabulary));
        }
        WordIndex patched = new WordIndex(bricks);
        for (int round = 0; round < 30; round++) {
            int brick = random.nextInt(bricks.size());
            WordIndex.BrickWords now = round % 3 == 0
                    ? new WordIndex.BrickWords(List.of("fresh" + round), List.of("word" + round, "spam"))
                    : randomWords(random, vocabulary);
            patched = patched.with(brick, bricks.get(brick), now);
            bricks.set(brick, now);
            WordIndex rebuilt = new WordIndex(bricks);
            for (String term : List.of("spam", "new", "n", "fresh", "fresh" + round, "word", "paid", "zzz")) {
                assertArrayEquals(rebuilt.found(List.of(term)), patched.found(List.of(term)), term);
            }
        }
    }

    private static WordIndex.BrickWords randomWords(Random random, List<String> vocabulary) {
        List<String> names = new ArrayList<>();
        List<String> description = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            names.add(vocabulary.get(random.nextInt(vocabulary.size())));
        }
        for (int i = random.nextInt(6); i > 0; i--) {
            description.add(vocabulary.get(random.nextInt(vocabulary.size())));
        }
        return new WordIndex.BrickWords(names, description);
    }

    @Test
    void scoresAddUpOverQueryWordsAndARepeatedWordCountsTwice() {
        assertArrayEquals(new double[] {1 + WordIndex.DESCRIPTION_WEIGHT, 1, 0},
                index.found(List.of("happy", "acme", "nothing")));
        assertArrayEquals(new double[] {0, 2, 0}, index.found(List.of("paid", "paid")));
        assertArrayEquals(new double[] {0, 0, 0}, index.found(List.of()));
    }
}
