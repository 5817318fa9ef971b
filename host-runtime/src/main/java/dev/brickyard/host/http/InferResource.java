package dev.brickyard.host.http;

import dev.brickyard.api.BrickException;
import dev.brickyard.api.Classification;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.host.BrickAnswer;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.Inference;
import dev.brickyard.host.InferenceRequest;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.host.access.HostScope;
import dev.brickyard.host.compose.CombinedAnswer;
import dev.brickyard.http.host.InferBody;
import dev.brickyard.http.host.InferResponse;
import dev.brickyard.http.problem.ErrorCode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code POST /v1/infer}: answers texts from one snapshot of the installed bricks. */
@Path("/v1/infer")
@RequiresScope(HostScope.INFER)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class InferResource {
    /** The most texts one request may carry. */
    public static final int MAX_TEXTS = 256;
    /** The longest text accepted, in characters (the base model reads the first 256 tokens anyway). */
    static final int MAX_TEXT_LENGTH = 10_000;
    /** Most bricks one request may name: every named brick answers every text, so the work is their product. */
    static final int MAX_BRICKS = 256;

    private final BrickHost host;

    public InferResource(BrickHost host) {
        this.host = host;
    }

    @POST
    public InferResponse infer(InferBody body) throws BrickException {
        InferenceRequest request = request(body);
        List<Inference> inferences;
        try {
            inferences = host.infer(request);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        return response(inferences, request.route() != null,
                inferences.isEmpty() ? host.generation() : inferences.get(0).generation());
    }

    /**
     * The {@code POST /v1/infer} answer for these inferences. {@code brick infer} prints the same object, so a brick
     * answers the same JSON offline and on a host.
     *
     * @param routed whether the request asked for routing (then each result lists its routing scores)
     * @param generation the brick set that answered
     */
    public static InferResponse response(List<Inference> inferences, boolean routed, long generation) {
        Set<String> answered = new LinkedHashSet<>();
        List<InferResponse.Result> results = new ArrayList<>();
        for (Inference inference : inferences) {
            List<String> applied = inference.applied().stream().map(InstalledBrick::toString).toList();
            answered.addAll(applied);
            List<InferResponse.Answer> answers = new ArrayList<>();
            for (BrickAnswer answer : inference.answers()) {
                answered.add(answer.brick() + "@" + answer.version());
                Classification c = answer.classification();
                answers.add(new InferResponse.Answer(answer.brick().toString(), answer.version().toString(),
                        answer.routeScore(), c == null ? null : c.label(), c == null ? null : c.confidence(),
                        c == null ? null : c.byLabel(), answer.matches() == null ? null : answer.matches().stream()
                        .map(m -> new InferResponse.Match(m.key(), m.value(), m.score())).toList(), answer.error()));
            }
            List<InferResponse.Combined> combined = new ArrayList<>();
            for (CombinedAnswer group : inference.combined()) {
                Map<String, Float> probabilities = new LinkedHashMap<>();
                float[] values = group.probabilities();
                for (int i = 0; i < values.length; i++) {
                    probabilities.put(group.labels().get(i), values[i]);
                }
                combined.add(new InferResponse.Combined(group.label(), group.confidence(), probabilities,
                        group.bricks(), group.weights()));
            }
            results.add(new InferResponse.Result(inference.text(), applied.isEmpty() ? null : applied,
                    !routed ? null : inference.routes().stream()
                            .map(r -> new InferResponse.Route(r.brick().toString(), r.score())).toList(),
                    answers, combined.isEmpty() ? null : combined, inference.embedding()));
        }
        return new InferResponse(generation, List.copyOf(answered), results);
    }

    static InferenceRequest request(InferBody body) {
        if (body == null) {
            throw bad("send a JSON body: {\"text\": \"...\"} or {\"texts\": [...]}");
        }
        if ((body.text() == null) == (body.texts() == null)) {
            throw bad("give exactly one of \"text\" and \"texts\"");
        }
        List<String> texts = body.text() != null ? List.of(body.text()) : body.texts();
        if (texts.isEmpty() || texts.size() > MAX_TEXTS) {
            throw bad("\"texts\" must hold 1 to " + MAX_TEXTS + " texts");
        }
        for (String text : texts) {
            if (text == null || text.isBlank() || text.length() > MAX_TEXT_LENGTH) {
                throw bad("every text must be non-blank and at most " + MAX_TEXT_LENGTH + " characters");
            }
        }
        List<String> named = body.bricks() == null ? List.of() : body.bricks();
        if (named.size() > MAX_BRICKS) {
            throw bad("\"bricks\" names at most " + MAX_BRICKS + " bricks, not " + named.size());
        }
        Set<BrickId> bricks = new LinkedHashSet<>();
        for (String id : named) {
            BrickId brick = brickId(id);
            if (!bricks.add(brick)) {
                throw bad("\"bricks\" names " + brick + " twice; name each brick once");
            }
        }
        InferenceRequest.Routing route = null;
        if (body.route() != null) {
            int topK = body.route().topK() == null ? InferenceRequest.Routing.DEFAULT_TOP_K : body.route().topK();
            float minScore = body.route().minScore() == null ? InferenceRequest.Routing.DEFAULT_MIN_SCORE
                    : body.route().minScore();
            if (topK < 1 || topK > 1000 || !Float.isFinite(minScore) || minScore < -1 || minScore > 1) {
                throw bad("route.topK must be 1 to 1000 and route.minScore between -1 and 1");
            }
            route = new InferenceRequest.Routing(topK, minScore);
        }
        Map<BrickId, Float> weights = new LinkedHashMap<>();
        if (body.weights() != null) {
            for (Map.Entry<String, Float> weight : body.weights().entrySet()) {
                if (weight.getValue() == null || !Float.isFinite(weight.getValue()) || weight.getValue() < 0) {
                    throw bad("weights must be numbers of at least 0");
                }
                weights.put(brickId(weight.getKey()), weight.getValue());
            }
        }
        InferenceRequest.Lookup lookup = InferenceRequest.DEFAULT_LOOKUP;
        if (body.knowledge() != null) {
            int topK = body.knowledge().topK() == null ? lookup.topK() : body.knowledge().topK();
            float minScore = body.knowledge().minScore() == null ? lookup.minScore() : body.knowledge().minScore();
            if (topK < 1 || topK > 100 || !Float.isFinite(minScore) || minScore < -1 || minScore > 1) {
                throw bad("knowledge.topK must be 1 to 100 and knowledge.minScore between -1 and 1");
            }
            lookup = new InferenceRequest.Lookup(topK, minScore);
        }
        return new InferenceRequest(texts, List.copyOf(bricks), route, weights, lookup,
                Boolean.TRUE.equals(body.embedding()));
    }

    static BrickId brickId(String text) {
        try {
            return BrickId.parse(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw bad("'" + text + "' is not a brick id such as acme/sentiment");
        }
    }

    /** A 400 {@code bad_request} with this detail. */
    static HostException bad(String detail) {
        return new HostException(ErrorCode.BAD_REQUEST, detail);
    }
}
