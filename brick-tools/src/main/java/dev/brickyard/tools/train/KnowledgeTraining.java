package dev.brickyard.tools.train;

import dev.brickyard.api.BrickException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import dev.brickyard.api.kind.Granularity;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.knowledge.KnowledgeFact;
import dev.brickyard.base.knowledge.ValuesFile;
import dev.brickyard.base.onnx.KeyGraph;
import dev.brickyard.base.verify.BrickArchiveLimits;
import dev.brickyard.tools.InvalidInputException;
import dev.brickyard.tools.card.BrickCard;
import dev.brickyard.tools.card.BrickMetadata;
import dev.brickyard.tools.card.RoutingKey;
import java.util.List;
import java.util.Map;

/**
 * Builds a knowledge brick: embeds every fact's key with the base model (in batches, so memory stays bounded
 * however many facts there are), builds the key graph from the embeddings and the values file from the facts, and
 * writes the manifest and the card. Nothing is fitted: the keys are the embeddings.
 */
public final class KnowledgeTraining {
    public static final String KEYS_FILE = "keys.onnx";
    public static final String VALUES_FILE = "values.jsonl";
    private static final int EMBEDDING_BATCH = 64;

    /**
     * What to build.
     *
     * @param source file name of the facts, for the card
     */
    public record Plan(BrickMetadata metadata, List<KnowledgeFact> facts, String source) {
    }

    /** The built brick, ready to be written to a folder. */
    public record Result(BrickManifest manifest, byte[] keysOnnx, byte[] valuesJsonl, String card) {
        /** The weights files by name, in {@code $.weights} order. */
        public Map<String, byte[]> weights() {
            return Map.of(KEYS_FILE, keysOnnx, VALUES_FILE, valuesJsonl);
        }
    }

    private KnowledgeTraining() {
    }

    /**
     * @throws InvalidInputException when the facts break the format's limits (too many, a fact too long)
     */
    public static Result train(BaseModel baseModel, Plan plan) throws BrickException, InvalidInputException {
        List<KnowledgeFact> facts = plan.facts();
        BrickArchiveLimits limits = BrickArchiveLimits.DEFAULT;
        if (facts.size() > limits.maxFacts()) {
            throw new InvalidInputException(plan.source() + " holds " + facts.size() + " facts, more than a knowledge brick "
                    + "may hold (" + limits.maxFacts() + ")");
        }
        byte[] values = ValuesFile.write(facts);
        try {
            ValuesFile.read(values, VALUES_FILE, limits.maxFacts(), limits.maxFactBytes());
        } catch (MalformedBrickException e) {
            throw new InvalidInputException(plan.source() + " makes an invalid " + VALUES_FILE + ": " + e.getMessage());
        }
        float[][] keys = new float[facts.size()][];
        for (int start = 0; start < facts.size(); start += EMBEDDING_BATCH) {
            List<String> batch = facts.subList(start, Math.min(facts.size(), start + EMBEDDING_BATCH)).stream()
                    .map(KnowledgeFact::key).toList();
            float[][] embedded = baseModel.embed(batch);
            System.arraycopy(embedded, 0, keys, start, embedded.length);
        }
        BrickMetadata meta = plan.metadata();
        BrickManifest manifest = new BrickManifest(BrickManifest.SCHEMA_VERSION, meta.id(), meta.version(),
                BrickKind.KNOWLEDGE, BrickOrigin.CUSTOMIZED, Granularity.MODULE, meta.description(), meta.tags(),
                List.of(), KeyGraph.signature(baseModel.reference().dim(), facts.size()), RoutingKey.centroid(keys),
                Map.of("facts", (double) facts.size()), meta.license(), meta.authors(), baseModel.reference(),
                List.of(KEYS_FILE, VALUES_FILE));
        return new Result(manifest, KeyGraph.of(keys, meta.id()), values,
                BrickCard.forKnowledge(manifest, facts, plan.source()));
    }
}
