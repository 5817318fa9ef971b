package dev.brickyard.registry.web;

import dev.brickyard.api.manifest.BrickHeaders;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.base.fixtures.BrickJar;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Brick bundles for the page tests: valid head bricks with the description, tags and card a test needs. */
public final class SampleBricks {
    private SampleBricks() {
    }

    /** A head brick with its own description, tags and card (front matter included, as authors write it). */
    public static BrickJar head(String id, String version, String description, List<String> tags, String card,
                         String... labels) {
        return BrickJar.head(id, version, labels)
                .manifest(m -> new BrickManifest(m.schemaVersion(), m.id(), m.version(), m.kind(), m.origin(),
                        m.granularity(), description, tags, m.labels(), m.io(), m.routingKey(), m.metrics(),
                        m.license(), m.authors(), m.base(), m.weights()))
                .withoutCard()
                .entry(BrickHeaders.CARD_PATH, card.getBytes(StandardCharsets.UTF_8));
    }

    /** A card like the example bricks': YAML front matter, a heading, prose, a code block. */
    public static String card(String id, String summary) {
        return """
                ---
                id: %1$s
                kind: head
                secret_front_matter_marker: true
                ---

                # %1$s

                %2$s

                ## Evaluation

                Held-out accuracy: **91.2 %%** (228 of 250), macro-F1 0.905.

                ## Training

                Multinomial logistic regression on embedded examples from `data/train.tsv`. Reproduce the weights:

                ```
                brick train head --data data/train.tsv --heldout data/heldout.tsv --epochs 400 --out DIR
                ```

                Intended use: short English texts like the training data.
                """.formatted(id, summary);
    }
}
