package dev.brickyard.registry.search;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An inverted index from words to the bricks that contain them, so a query word costs the bricks it matches rather
 * than a scan of every brick's text. Two fields per brick: its <em>names</em> (namespace, name, tags and labels),
 * where a match has full weight, and its <em>description</em>, where it has {@link #DESCRIPTION_WEIGHT}.
 *
 * <p>A query word matches a brick's word when it is a prefix of it: "sentim" and "sentiment" both find
 * "sentiment-reviews", "invoice" finds "invoices", but "art" does not find "party". The vocabulary is kept sorted,
 * so the words a prefix matches are one contiguous range of it. {@link #with} patches one brick into a copy; a word
 * no brick uses any more keeps an empty entry until the next full build.
 */
final class WordIndex {
    /** What a query word found only in a description counts, against 1 for a name, tag or label. */
    static final double DESCRIPTION_WEIGHT = 0.6;

    /** The words of one brick, by field; each list may repeat words. */
    record BrickWords(List<String> names, List<String> description) {
    }

    private final int size;
    private final String[] vocabulary;
    /** For each word of the vocabulary, the ascending indexes of the bricks whose names contain it. */
    private final int[][] inNames;
    /** For each word of the vocabulary, the ascending indexes of the bricks whose description contains it. */
    private final int[][] inDescription;

    /** Indexes {@code bricks}; a brick's position in the list is its index in every answer. */
    WordIndex(List<BrickWords> bricks) {
        this.size = bricks.size();
        Map<String, Postings[]> postings = new HashMap<>();
        for (int brick = 0; brick < bricks.size(); brick++) {
            for (String word : bricks.get(brick).names()) {
                postings.computeIfAbsent(word, w -> new Postings[] {new Postings(), new Postings()})[0].add(brick);
            }
            for (String word : bricks.get(brick).description()) {
                postings.computeIfAbsent(word, w -> new Postings[] {new Postings(), new Postings()})[1].add(brick);
            }
        }
        vocabulary = postings.keySet().toArray(String[]::new);
        Arrays.sort(vocabulary);
        inNames = new int[vocabulary.length][];
        inDescription = new int[vocabulary.length][];
        for (int i = 0; i < vocabulary.length; i++) {
            Postings[] word = postings.get(vocabulary[i]);
            inNames[i] = word[0].toArray();
            inDescription[i] = word[1].toArray();
        }
    }

    private WordIndex(int size, String[] vocabulary, int[][] inNames, int[][] inDescription) {
        this.size = size;
        this.vocabulary = vocabulary;
        this.inNames = inNames;
        this.inDescription = inDescription;
    }

    /**
     * A copy in which brick {@code brick} has the words {@code now} instead of {@code before}; only the postings of
     * the words that changed are copied, so replacing one brick costs far less than indexing them all again.
     */
    WordIndex with(int brick, BrickWords before, BrickWords now) {
        java.util.TreeSet<String> added = new java.util.TreeSet<>();
        for (List<String> words : List.of(now.names(), now.description())) {
            for (String word : words) {
                if (Arrays.binarySearch(vocabulary, word) < 0) {
                    added.add(word);
                }
            }
        }
        String[] words = vocabulary;
        int[][] names = inNames;
        int[][] description = inDescription;
        if (!added.isEmpty()) {
            words = java.util.stream.Stream.concat(Arrays.stream(vocabulary), added.stream()).sorted()
                    .toArray(String[]::new);
            names = new int[words.length][];
            description = new int[words.length][];
            for (int i = 0; i < words.length; i++) {
                int old = Arrays.binarySearch(vocabulary, words[i]);
                names[i] = old >= 0 ? inNames[old] : new int[0];
                description[i] = old >= 0 ? inDescription[old] : new int[0];
            }
        } else {
            names = names.clone();
            description = description.clone();
        }
        java.util.Set<String> touched = new java.util.HashSet<>();
        touched.addAll(before.names());
        touched.addAll(before.description());
        touched.addAll(now.names());
        touched.addAll(now.description());
        for (String word : touched) {
            int at = Arrays.binarySearch(words, word);
            if (at >= 0) {
                names[at] = withBrick(names[at], brick, now.names().contains(word));
                description[at] = withBrick(description[at], brick, now.description().contains(word));
            }
        }
        return new WordIndex(size, words, names, description);
    }

    /** The ascending {@code postings} with {@code brick} in them or not. */
    private static int[] withBrick(int[] postings, int brick, boolean present) {
        int at = Arrays.binarySearch(postings, brick);
        if (at >= 0 == present) {
            return postings;
        }
        if (present) {
            int insert = -at - 1;
            int[] grown = new int[postings.length + 1];
            System.arraycopy(postings, 0, grown, 0, insert);
            grown[insert] = brick;
            System.arraycopy(postings, insert, grown, insert + 1, postings.length - insert);
            return grown;
        }
        int[] shrunk = new int[postings.length - 1];
        System.arraycopy(postings, 0, shrunk, 0, at);
        System.arraycopy(postings, at + 1, shrunk, at, shrunk.length - at);
        return shrunk;
    }

    /**
     * For every brick, the sum over {@code terms} of 1 when the term matches a word of its names, else
     * {@link #DESCRIPTION_WEIGHT} when it matches a word of its description, else 0. A term that occurs twice
     * counts twice, as it does in the share of query words found.
     */
    double[] found(List<String> terms) {
        double[] found = new double[size];
        // stamps[brick] == term's number + 1 once the brick has been credited for that term
        int[] stamps = new int[size];
        for (int t = 0; t < terms.size(); t++) {
            int stamp = t + 1;
            int from = firstWithPrefix(terms.get(t));
            int to = endOfPrefix(terms.get(t), from);
            // names first, so a brick found in both fields gets the full weight
            for (int word = from; word < to; word++) {
                for (int brick : inNames[word]) {
                    if (stamps[brick] != stamp) {
                        stamps[brick] = stamp;
                        found[brick] += 1;
                    }
                }
            }
            for (int word = from; word < to; word++) {
                for (int brick : inDescription[word]) {
                    if (stamps[brick] != stamp) {
                        stamps[brick] = stamp;
                        found[brick] += DESCRIPTION_WEIGHT;
                    }
                }
            }
        }
        return found;
    }

    /** The position of the first vocabulary word not less than {@code prefix}. */
    private int firstWithPrefix(String prefix) {
        int at = Arrays.binarySearch(vocabulary, prefix);
        return at >= 0 ? at : -at - 1;
    }

    private int endOfPrefix(String prefix, int from) {
        int to = from;
        while (to < vocabulary.length && vocabulary[to].startsWith(prefix)) {
            to++;
        }
        return to;
    }

    /** A growing, ascending list of brick indexes that ignores a repeat of the last one. */
    private static final class Postings {
        private int[] bricks = new int[2];
        private int count;

        void add(int brick) {
            if (count > 0 && bricks[count - 1] == brick) {
                return;
            }
            if (count == bricks.length) {
                bricks = Arrays.copyOf(bricks, count * 2);
            }
            bricks[count++] = brick;
        }

        int[] toArray() {
            return Arrays.copyOf(bricks, count);
        }
    }
}
