package dev.brickyard.host.brick;

import ai.onnxruntime.OrtSession;
import dev.brickyard.api.BrickExecutionException;
import dev.brickyard.api.KnowledgeBrick;
import dev.brickyard.api.KnowledgeMatch;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.manifest.BrickHeaders;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.base.knowledge.KnowledgeFact;
import dev.brickyard.base.knowledge.ValuesFile;
import dev.brickyard.base.verify.BrickArchiveLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A knowledge brick running its key graph in its own ONNX Runtime session (one thread) and holding its facts on the
 * heap: the graph scores every fact for a batch of embeddings in one run, then each row keeps its best matches.
 */
public final class OrtKnowledgeBrick extends OrtBrick implements KnowledgeBrick {
    private final List<KnowledgeFact> facts;

    private OrtKnowledgeBrick(BrickManifest manifest, OrtSession session, List<KnowledgeFact> facts,
                              long weightBytes) {
        super(manifest, session, weightBytes);
        this.facts = List.copyOf(facts);
    }

    /**
     * Loads a knowledge brick's key graph and values.
     *
     * @param keysOnnx the key graph, the first file of {@code $.weights}
     * @param valuesJsonl the values file, the second
     * @throws MalformedBrickException when the values file breaks the format or does not hold one fact per score,
     *                                 or ONNX Runtime cannot load the graph
     */
    public static OrtKnowledgeBrick load(BrickManifest manifest, byte[] keysOnnx, byte[] valuesJsonl)
            throws MalformedBrickException {
        String valuesEntry = BrickHeaders.BRICK_FOLDER + manifest.weights().get(1);
        BrickArchiveLimits limits = BrickArchiveLimits.DEFAULT;
        List<KnowledgeFact> facts = ValuesFile.read(valuesJsonl, valuesEntry, limits.maxFacts(), limits.maxFactBytes());
        long scores = manifest.io().outputs().get(0).shape().get(1);
        if (facts.size() != scores) {
            throw new MalformedBrickException(manifest.id() + "@" + manifest.version() + ": " + valuesEntry + " holds "
                    + facts.size() + " facts but the key graph gives " + scores + " scores");
        }
        return new OrtKnowledgeBrick(manifest, open(manifest, keysOnnx, "key graph"), facts,
                (long) keysOnnx.length + valuesJsonl.length);
    }

    @Override
    public int facts() {
        return facts.size();
    }

    @Override
    public List<List<KnowledgeMatch>> lookup(float[][] embeddings, int topK, float minScore)
            throws BrickExecutionException {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, is " + topK);
        }
        float[][] scores = run(embeddings);
        List<List<KnowledgeMatch>> matches = new ArrayList<>(scores.length);
        for (float[] row : scores) {
            matches.add(best(row, topK, minScore));
        }
        return matches;
    }

    /** The {@code topK} highest scores of at least {@code minScore}, best first, ties in the facts' order. */
    private List<KnowledgeMatch> best(float[] scores, int topK, float minScore) {
        // A min-heap of the best so far: its head is the weakest kept, the later fact losing a tie.
        PriorityQueue<Integer> kept = new PriorityQueue<>(Math.min(topK, scores.length) + 1,
                (a, b) -> scores[a] != scores[b] ? Float.compare(scores[a], scores[b]) : Integer.compare(b, a));
        for (int i = 0; i < scores.length; i++) {
            if (!(scores[i] >= minScore)) {
                continue;
            }
            kept.add(i);
            if (kept.size() > topK) {
                kept.poll();
            }
        }
        KnowledgeMatch[] best = new KnowledgeMatch[kept.size()];
        for (int slot = best.length - 1; slot >= 0; slot--) {
            int i = kept.poll();
            best[slot] = new KnowledgeMatch(facts.get(i).key(), facts.get(i).value(), scores[i]);
        }
        return List.of(best);
    }
}
