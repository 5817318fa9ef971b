package dev.brickyard.host;

import dev.brickyard.api.Brick;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.BrickExecutionException;
import dev.brickyard.api.BrickNotFoundException;
import dev.brickyard.api.Classification;
import dev.brickyard.api.CompositeBrick;
import dev.brickyard.api.HeadBrick;
import dev.brickyard.api.KnowledgeBrick;
import dev.brickyard.api.KnowledgeMatch;
import dev.brickyard.api.manifest.CompositeRecipe;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.host.batch.EmbeddingBatcher;
import dev.brickyard.host.brick.InsideBrick;
import dev.brickyard.host.compose.Combiner;
import dev.brickyard.host.route.RouteScore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers an {@link InferenceRequest} from one {@link BrickSet}: the base model embeds the texts through the
 * batcher, routing picks bricks per text if asked, each chosen brick runs once on the texts it was chosen for, and
 * {@link Combiner} merges heads over the same labels. The caller holds a use of the set for the whole answer.
 */
final class Inferencer {
    private final EmbeddingBatcher batcher;

    Inferencer(EmbeddingBatcher batcher) {
        this.batcher = batcher;
    }

    /**
     * Answers a request from {@code set}; a brick that fails at run time fails only its own answers.
     *
     * @throws BrickNotFoundException when a named brick is not in the set
     * @throws IllegalArgumentException when answering bricks are named with routing, or two named adapters change
     *                                  the same site
     */
    List<Inference> answer(BrickSet set, InferenceRequest request) throws BrickException {
        List<LoadedBrick> named = new ArrayList<>();
        List<LoadedBrick> inside = new ArrayList<>();
        for (BrickId id : request.bricks()) {
            LoadedBrick loaded = set.require(id);
            (loaded.brick() instanceof InsideBrick ? inside : named).add(loaded);
        }
        if (request.route() != null && !named.isEmpty()) {
            throw new IllegalArgumentException("name the bricks that answer or route, not both (adapters and "
                    + "neuron bricks may be named with route): " + named.stream().map(LoadedBrick::info).toList());
        }
        ModelChanges changes = ModelChanges.ofLoaded(inside);
        List<String> texts = request.texts();
        float[][] embeddings = texts.isEmpty() ? new float[0][]
                : batcher.embed(texts, changes.adapters(), changes.mask());
        List<List<RouteScore>> routes = new ArrayList<>();
        List<List<LoadedBrick>> chosen = new ArrayList<>();
        for (float[] embedding : embeddings) {
            if (request.route() != null) {
                List<RouteScore> top = set.router().top(embedding, request.route().topK(),
                        request.route().minScore());
                routes.add(top);
                chosen.add(top.stream().map(score -> set.get(score.brick())).toList());
            } else {
                routes.add(List.of());
                chosen.add(named.isEmpty() ? set.answering() : named);
            }
        }
        Map<LoadedBrick, Map<Integer, BrickAnswer>> answered = run(set, embeddings, chosen, routes,
                request.knowledge());
        List<InstalledBrick> applied = inside.stream().map(LoadedBrick::info).toList();
        List<Inference> result = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            List<BrickAnswer> answers = new ArrayList<>();
            for (LoadedBrick loaded : chosen.get(i)) {
                BrickAnswer answer = answered.get(loaded).get(i);
                if (answer != null) {
                    answers.add(answer);
                }
            }
            result.add(new Inference(texts.get(i), set.generation(), routes.get(i), answers,
                    Combiner.combine(answers, request.weights()), applied,
                    request.includeEmbedding() ? embeddings[i] : null));
        }
        return result;
    }

    /**
     * The base model's embeddings of the texts with the named adapters and neuron bricks of {@code set} applied,
     * through the batcher (so they share runs with concurrent requests), with no brick answering.
     *
     * @throws BrickNotFoundException when a named brick is not in the set
     * @throws IllegalArgumentException when a named brick is not an adapter or neuron brick, or two named adapters
     *                                  change the same site
     */
    Embeddings embed(BrickSet set, List<String> texts, List<BrickId> bricks) throws BrickException {
        List<LoadedBrick> inside = set.requireInside(bricks, "change the embedding");
        ModelChanges changes = ModelChanges.ofLoaded(inside);
        float[][] vectors = batcher.embed(texts, changes.adapters(), changes.mask());
        return new Embeddings(set.generation(), vectors, inside.stream().map(LoadedBrick::info).toList());
    }

    /** Runs each chosen brick once, on the rows (texts) it was chosen for. */
    private static Map<LoadedBrick, Map<Integer, BrickAnswer>> run(BrickSet set, float[][] embeddings,
                                                                  List<List<LoadedBrick>> chosen,
                                                                  List<List<RouteScore>> routes,
                                                                  InferenceRequest.Lookup lookup) {
        Map<LoadedBrick, List<Integer>> rows = new LinkedHashMap<>();
        for (int i = 0; i < chosen.size(); i++) {
            for (LoadedBrick loaded : chosen.get(i)) {
                rows.computeIfAbsent(loaded, key -> new ArrayList<>()).add(i);
            }
        }
        Map<LoadedBrick, Map<Integer, BrickAnswer>> answered = new HashMap<>();
        for (Map.Entry<LoadedBrick, List<Integer>> entry : rows.entrySet()) {
            LoadedBrick loaded = entry.getKey();
            List<Integer> mine = entry.getValue();
            Map<Integer, BrickAnswer> answers = new HashMap<>();
            answered.put(loaded, answers);
            float[][] input = new float[mine.size()][];
            for (int r = 0; r < mine.size(); r++) {
                input[r] = embeddings[mine.get(r)];
            }
            InstalledBrick info = loaded.info();
            try {
                if (loaded.brick() instanceof HeadBrick || loaded.brick() instanceof CompositeBrick) {
                    List<Classification> classifications = classify(set, loaded.brick(), input);
                    for (int r = 0; r < mine.size(); r++) {
                        answers.put(mine.get(r), new BrickAnswer(info.id(), info.version(),
                                routeScore(routes.get(mine.get(r)), info.id()), classifications.get(r), null, null));
                    }
                } else if (loaded.brick() instanceof KnowledgeBrick memory) {
                    List<List<KnowledgeMatch>> matches = memory.lookup(input, lookup.topK(), lookup.minScore());
                    for (int r = 0; r < mine.size(); r++) {
                        answers.put(mine.get(r), new BrickAnswer(info.id(), info.version(),
                                routeScore(routes.get(mine.get(r)), info.id()), null, matches.get(r), null));
                    }
                }
            } catch (BrickException | RuntimeException e) {
                String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                for (Integer row : mine) {
                    answers.put(row, new BrickAnswer(info.id(), info.version(), routeScore(routes.get(row), info.id()),
                            null, null, reason));
                }
            }
        }
        return answered;
    }

    private static Float routeScore(List<RouteScore> routes, BrickId id) {
        for (RouteScore score : routes) {
            if (score.brick().equals(id)) {
                return score.score();
            }
        }
        return null;
    }

    /**
     * A head's answers, or a composite's: the weighted average of its components' answers from the same set (so a
     * composite never mixes versions from two snapshots).
     */
    static List<Classification> classify(BrickSet set, Brick brick, float[][] input) throws BrickException {
        if (brick instanceof HeadBrick head) {
            return head.classify(input);
        }
        CompositeBrick composite = (CompositeBrick) brick;
        List<String> labels = composite.manifest().labels();
        List<CompositeRecipe.Component> components = composite.recipe().components();
        List<List<Classification>> parts = new ArrayList<>();
        float[] weights = new float[components.size()];
        for (int c = 0; c < components.size(); c++) {
            CompositeRecipe.Component component = components.get(c);
            LoadedBrick part = set.get(component.brick());
            String needs = composite.id() + "@" + composite.version() + " needs " + component.brick() + "@"
                    + component.range();
            if (part == null) {
                throw new BrickExecutionException(needs + ", which is not installed", null);
            }
            if (!component.range().contains(part.info().version())) {
                throw new BrickExecutionException(needs + " but " + part.info() + " is installed", null);
            }
            if (!(part.brick() instanceof HeadBrick head)) {
                throw new BrickExecutionException(needs + ", which is not a head", null);
            }
            List<Classification> answers = head.classify(input);
            for (int row = 0; row < input.length; row++) {
                Map<String, Float> byLabel = answers.get(row).byLabel();
                for (String label : labels) {
                    if (!byLabel.containsKey(label)) {
                        throw new BrickExecutionException(needs + ", whose labels " + byLabel.keySet()
                                + " lack '" + label + "'", null);
                    }
                }
            }
            parts.add(answers);
            weights[c] = (float) component.weight();
        }
        weights = Combiner.normalise(weights);
        List<Classification> combined = new ArrayList<>(input.length);
        for (int row = 0; row < input.length; row++) {
            List<Map<String, Float>> distributions = new ArrayList<>();
            for (List<Classification> answers : parts) {
                distributions.add(answers.get(row).byLabel());
            }
            combined.add(new Classification(labels, Combiner.average(labels, distributions, weights)));
        }
        return combined;
    }
}
