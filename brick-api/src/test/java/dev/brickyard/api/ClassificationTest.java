package dev.brickyard.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassificationTest {

    @Test
    void labelAndConfidenceAreTheMostProbableOnes() {
        Classification result = new Classification(List.of("anger", "joy", "sadness"), new float[] {0.2f, 0.7f, 0.1f});

        assertEquals("joy", result.label());
        assertEquals(0.7f, result.confidence());
    }

    @Test
    void theMostProbableLabelMayBeTheFirstOrTheLast() {
        assertEquals("negative", new Classification(List.of("negative", "positive"),
                new float[] {0.9f, 0.1f}).label());
        assertEquals("positive", new Classification(List.of("negative", "positive"),
                new float[] {0.1f, 0.9f}).label());
    }

    @Test
    void aTieGoesToTheEarlierLabel() {
        Classification result = new Classification(List.of("a", "b", "c"), new float[] {0.25f, 0.375f, 0.375f});

        assertEquals("b", result.label());
        assertEquals(0.375f, result.confidence());
    }

    @Test
    void byLabelKeepsTheManifestsLabelOrder() {
        Classification result = new Classification(List.of("zebra", "apple", "mango"),
                new float[] {0.5f, 0.25f, 0.25f});

        Map<String, Float> byLabel = result.byLabel();
        assertEquals(List.of("zebra", "apple", "mango"), new ArrayList<>(byLabel.keySet()));
        assertEquals(List.of(0.5f, 0.25f, 0.25f), new ArrayList<>(byLabel.values()));
    }

    @Test
    void rejectsMoreProbabilitiesThanLabels() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new Classification(List.of("negative", "positive"), new float[] {0.2f, 0.3f, 0.5f}));
        assertTrue(error.getMessage().contains("2 labels but 3 probabilities"), error.getMessage());
    }

    @Test
    void rejectsFewerProbabilitiesThanLabels() {
        assertThrows(IllegalArgumentException.class,
                () -> new Classification(List.of("a", "b", "c"), new float[] {1f}));
    }

    @Test
    void isNotChangedByItsCallers() {
        float[] probabilities = {0.6f, 0.4f};
        List<String> labels = new ArrayList<>(List.of("negative", "positive"));
        Classification result = new Classification(labels, probabilities);

        probabilities[1] = 0.99f;
        labels.set(0, "changed");
        result.probabilities()[0] = 0f;

        assertEquals("negative", result.label());
        assertArrayEquals(new float[] {0.6f, 0.4f}, result.probabilities());
        assertEquals(List.of("negative", "positive"), result.labels());
    }
}
