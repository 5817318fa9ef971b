package dev.brickyard.registry.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How search cuts text into words: lower-cased runs of letters and digits, everything else separates. Queries also
 * drop English stop words ("the", "by", "for", "which" ...): almost every description contains them, so counting
 * them made a query like "classify emails by urgency" match every brick and diluted the score of the words that
 * carry its meaning. A query made of nothing but stop words keeps them, so it can still find something by text.
 * Copy detection compares cards in the same words.
 */
public final class SearchWords {
    /**
     * Function words of English queries and descriptions. Negations ("no", "not") stay searchable, as labels such
     * as "not-spam" use them.
     */
    static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for", "from", "with",
            "into", "onto", "as", "than", "then", "so", "if", "is", "are", "was", "were", "be", "been", "being", "am",
            "do", "does", "did", "can", "could", "should", "would", "will", "shall", "may", "might", "must", "has",
            "have", "had", "it", "its", "this", "that", "these", "those", "there", "which", "what", "who", "whom",
            "whose", "how", "when", "where", "why", "i", "me", "my", "we", "us", "our", "you", "your", "he", "him",
            "his", "she", "her", "they", "them", "their", "about", "some", "any", "very", "just", "also");

    private SearchWords() {
    }

    /** The words of {@code text}, lower-cased, in order, with repeats. */
    public static List<String> of(String text) {
        List<String> words = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        int start = -1;
        for (int i = 0; i < lower.length(); ) {
            int codePoint = lower.codePointAt(i);
            boolean inWord = isLetterOrNumber(codePoint);
            if (inWord && start < 0) {
                start = i;
            } else if (!inWord && start >= 0) {
                words.add(lower.substring(start, i));
                start = -1;
            }
            i += Character.charCount(codePoint);
        }
        if (start >= 0) {
            words.add(lower.substring(start));
        }
        return words;
    }

    /** Unicode letters and numbers: what the regular expression {@code [\p{L}\p{N}]} matches. */
    private static boolean isLetterOrNumber(int codePoint) {
        int type = Character.getType(codePoint);
        return Character.isLetter(codePoint) || type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }

    /** The words a query is scored on: its words without stop words, or all of them if nothing else is left. */
    static List<String> queryTerms(String text) {
        List<String> words = of(text);
        List<String> meaningful = words.stream().filter(word -> !STOP_WORDS.contains(word)).toList();
        return meaningful.isEmpty() ? words : meaningful;
    }
}
