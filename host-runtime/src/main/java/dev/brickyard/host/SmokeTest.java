package dev.brickyard.host;

import dev.brickyard.api.Brick;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.BrickExecutionException;
import dev.brickyard.api.Classification;
import dev.brickyard.api.CompositeBrick;
import dev.brickyard.api.HeadBrick;
import dev.brickyard.api.KnowledgeBrick;
import dev.brickyard.api.KnowledgeMatch;
import dev.brickyard.base.BaseModel;
import dev.brickyard.host.brick.InsideBrick;
import java.util.List;

/**
 * The check a freshly loaded brick passes before it may serve: it must answer a probe text sensibly (a unit
 * embedding with an adapter or neuron brick applied, probabilities from a head or composite, a finite score from a
 * knowledge brick). A brick that loads but answers nonsense is refused at install rather than at its first request.
 */
final class SmokeTest {
    private static final String PROBE_TEXT = "Brickyard checks that a brick answers before it serves.";

    private final BaseModel baseModel;
    private final float[][] probe;

    /** Embeds the probe text once, so that checking a brick that answers costs only that brick's run. */
    SmokeTest(BaseModel baseModel) throws BrickException {
        this.baseModel = baseModel;
        this.probe = baseModel.embed(List.of(PROBE_TEXT));
    }

    /**
     * Checks a brick against the probe.
     *
     * @param current the set a composite's components are taken from
     * @throws BrickExecutionException when the brick's answer is not sensible
     */
    void check(Brick brick, BrickSet current) throws BrickException {
        if (brick instanceof InsideBrick) {
            ModelChanges changes = ModelChanges.of(List.of(brick));
            float[] embedding = baseModel.embed(List.of(PROBE_TEXT), changes.adapters(), List.of(changes.mask()))[0];
            double norm = 0;
            for (float value : embedding) {
                norm += value * value;
            }
            if (!Double.isFinite(norm) || Math.abs(norm - 1) > 1e-3) {
                throw new BrickExecutionException(brick.id() + "@" + brick.version() + " failed its smoke test: "
                        + "with it the base model's embedding is not a unit vector (squared norm " + norm + ")", null);
            }
        } else if (brick instanceof HeadBrick || brick instanceof CompositeBrick) {
            List<Classification> answer = Inferencer.classify(current, brick, probe);
            float sum = 0;
            for (float p : answer.get(0).probabilities()) {
                if (!Float.isFinite(p) || p < -1e-4f || p > 1.0001f) {
                    throw new BrickExecutionException(brick.id() + "@" + brick.version()
                            + " failed its smoke test: it answered " + p + ", not a probability", null);
                }
                sum += p;
            }
            if (Math.abs(sum - 1) > 1e-2f) {
                throw new BrickExecutionException(brick.id() + "@" + brick.version()
                        + " failed its smoke test: its probabilities sum to " + sum, null);
            }
        } else if (brick instanceof KnowledgeBrick memory) {
            List<KnowledgeMatch> best = memory.lookup(probe, 1, -1.0001f).get(0);
            if (best.size() != 1 || !Float.isFinite(best.get(0).score())) {
                throw new BrickExecutionException(brick.id() + "@" + brick.version()
                        + " failed its smoke test: it found no fact with a finite score", null);
            }
        }
    }
}
