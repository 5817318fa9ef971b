package dev.brickyard.registry.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.registry.store.VersionRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How near two cards must be to call one a copy, on cards like {@code brick train head} writes. */
class CopyDetectorTest {
    private static final String CARD = """
            ---
            id: %1$s
            kind: head
            ---

            # %1$s

            %2$s

            A head brick for all-minilm-l6-v2: it reads the pooled, normalised 384-wide sentence embedding and gives a \
            probability for each of 2 labels: `negative`, `positive`.

            ## Evaluation

            Held-out accuracy: **86.7 %%** (78 of 90), macro-F1 0.867.

            ## Training

            Multinomial logistic regression (L2 0.01, 400 epochs of full-batch Adam from zero weights) on 340 \
            embedded examples from `data/train.tsv`. Reproduce the weights with `brick train head --data \
            data/train.tsv --out DIR`, then `brick pack DIR`, then `brick host install %1$s@^1.0.0`.

            Intended use: short English texts like the training data.
            """;
    private static final String SENTIMENT = "Says whether an English review, message or post is positive or negative.";

    @Test
    void aCopyUnderAnotherNameWithAFewWordsEditedIsNearIdentical() {
        Set<String> original = CopyDetector.shingles(card("acme/sentiment", SENTIMENT, SENTIMENT));
        Set<String> renamed = CopyDetector.shingles(card("evil/sentiment", SENTIMENT, SENTIMENT));
        Set<String> edited = CopyDetector.shingles(card("evil/feelings", SENTIMENT,
                "Says whether an English review, comment or post is positive or negative."));

        assertTrue(original.size() >= CopyDetector.MIN_SHINGLES, original.toString());
        assertEquals(1.0, CopyDetector.similarity(original, renamed), "its own id is left out");
        double similarity = CopyDetector.similarity(original, edited);
        assertTrue(similarity >= CopyDetector.SAME_TEXT, "one word of the card changed: " + similarity);
    }

    @Test
    void anotherBrickFromTheSameTemplateIsNot() {
        Set<String> sentiment = CopyDetector.shingles(card("acme/sentiment", SENTIMENT, SENTIMENT));
        String spam = "Flags unsolicited bulk e-mail and phishing attempts in a shared support inbox.";
        double similarity = CopyDetector.similarity(sentiment,
                CopyDetector.shingles(card("globex/spam", spam, spam)));

        assertTrue(similarity < CopyDetector.SAME_TEXT, "the same card template, another brick: " + similarity);
    }

    @Test
    void aShortTextHasTooFewShinglesToTell() {
        Set<String> shingles = CopyDetector.shingles(new VersionRecord(BrickId.parse("acme/mood"),
                SemVer.parse("1.0.0"), BrickKind.HEAD, BrickOrigin.CUSTOMIZED, "all-minilm-l6-v2", "Sentiment.",
                List.of(), List.of(), "{}", "# acme/mood\n\nPositive or negative.\n", Map.of(), new float[0],
                "sha256:" + "0".repeat(64), 1, false, null, 0, Instant.EPOCH, "token"));

        assertEquals(Set.of("sentiment positive or", "positive or negative"), shingles);
        assertTrue(shingles.size() < CopyDetector.MIN_SHINGLES);
    }

    @Test
    void similarityIsTheSharedShinglesOverAllOfThem() {
        assertEquals(1.0 / 3, CopyDetector.similarity(Set.of("a b c", "b c d"), Set.of("a b c", "x y z")), 1e-9);
        assertEquals(0.0, CopyDetector.similarity(Set.of(), Set.of()), "two empty texts are not alike");
    }

    private static VersionRecord card(String id, String description, String prose) {
        return new VersionRecord(BrickId.parse(id), SemVer.parse("1.0.0"), BrickKind.HEAD, BrickOrigin.CUSTOMIZED,
                "all-minilm-l6-v2", description, List.of(), List.of(), "{}", CARD.formatted(id, prose), Map.of(),
                new float[0], "sha256:" + "0".repeat(64), 1, false, null, 0, Instant.EPOCH, "token");
    }
}
