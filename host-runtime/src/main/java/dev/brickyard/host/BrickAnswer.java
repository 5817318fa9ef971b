package dev.brickyard.host;

import dev.brickyard.api.Classification;
import dev.brickyard.api.KnowledgeMatch;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import java.util.List;

/**
 * What one brick, at one exact version, said about one input; or why it could not answer (the other bricks of the
 * request still answer).
 *
 * @param routeScore the input's similarity to the brick's routing key when the brick was chosen by routing, else null
 * @param classification a head's answer, null for other kinds or on error
 * @param matches a knowledge brick's best facts, best first; null for other kinds or on error
 * @param error why the brick failed on this input, null when it answered
 */
public record BrickAnswer(BrickId brick, SemVer version, Float routeScore, Classification classification,
                          List<KnowledgeMatch> matches, String error) {
    public BrickAnswer {
        matches = matches == null ? null : List.copyOf(matches);
    }

    /** A head's answer, not routed. */
    public BrickAnswer(BrickId brick, SemVer version, Classification classification) {
        this(brick, version, null, classification, null, null);
    }

    public boolean failed() {
        return error != null;
    }
}
