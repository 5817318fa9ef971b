package dev.brickyard.host.http;

import dev.brickyard.api.BrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.base.graph.ConfigurableGraph;
import dev.brickyard.base.graph.FfnActivations;
import dev.brickyard.base.graph.LoraSite;
import dev.brickyard.host.ActivationReading;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.host.access.HostScope;
import dev.brickyard.http.host.ActivationsBody;
import dev.brickyard.http.host.ActivationsResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * {@code POST /v1/activations}: the base model's FFN activations for one text, optionally with adapters and neuron
 * bricks applied, summarised per layer as the neurons that fire most on average. Activations are read before the
 * neuron masks, so a neuron brick shows in the layers after its own.
 */
@Path("/v1/activations")
@RequiresScope(HostScope.INFER)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class ActivationsResource {
    private final BrickHost host;

    public ActivationsResource(BrickHost host) {
        this.host = host;
    }

    /** What a valid body asks for. */
    private record Query(String text, List<BrickId> bricks, List<Integer> layers, int top, boolean values) {
    }

    @POST
    public ActivationsResponse activations(ActivationsBody body) throws BrickException {
        Query query = query(body);
        ActivationReading reading;
        try {
            reading = host.activations(query.text(), query.bricks());
        } catch (IllegalArgumentException e) {
            throw InferResource.bad(e.getMessage());
        }
        FfnActivations activations = reading.activations();
        List<ActivationsResponse.Layer> layers = new ArrayList<>();
        for (int layer : query.layers()) {
            layers.add(new ActivationsResponse.Layer(layer, top(activations, layer, query.top()),
                    query.values() ? activations.values()[layer] : null));
        }
        return new ActivationsResponse(query.text(), activations.tokens(),
                reading.applied().stream().map(InstalledBrick::toString).toList(), layers);
    }

    /**
     * The {@code count} neurons of a layer with the highest mean over the tokens, highest first (ties by neuron
     * index), each with its highest activation and the token where it occurs.
     */
    static List<ActivationsResponse.Neuron> top(FfnActivations activations, int layer, int count) {
        float[] mean = activations.meanOverTokens(layer);
        float[][] byToken = activations.values()[layer];
        return IntStream.range(0, mean.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(n -> -mean[n]).thenComparingInt(n -> n))
                .limit(count)
                .map(n -> {
                    int maxToken = 0;
                    for (int t = 1; t < byToken.length; t++) {
                        if (byToken[t][n] > byToken[maxToken][n]) {
                            maxToken = t;
                        }
                    }
                    return new ActivationsResponse.Neuron(n, mean[n], byToken[maxToken][n], maxToken);
                })
                .toList();
    }

    private static Query query(ActivationsBody body) {
        if (body == null) {
            throw InferResource.bad("send a JSON body: {\"text\": \"...\"}");
        }
        String text = body.text();
        if (text == null || text.isBlank() || text.length() > InferResource.MAX_TEXT_LENGTH) {
            throw InferResource.bad("\"text\" must be non-blank and at most " + InferResource.MAX_TEXT_LENGTH
                    + " characters");
        }
        List<BrickId> bricks = new ArrayList<>();
        for (String id : body.bricks() == null ? List.<String>of() : body.bricks()) {
            bricks.add(InferResource.brickId(id));
        }
        Set<Integer> layers = new LinkedHashSet<>();
        if (body.layers() == null) {
            IntStream.range(0, LoraSite.LAYERS).forEach(layers::add);
        } else if (body.layers().isEmpty()) {
            throw InferResource.bad("\"layers\" names no layer; leave it out for all of them (0-"
                    + (LoraSite.LAYERS - 1) + ")");
        } else {
            for (Integer layer : body.layers()) {
                if (layer == null || layer < 0 || layer >= LoraSite.LAYERS) {
                    throw InferResource.bad("there is no layer " + layer + ": the base model has the layers 0-"
                            + (LoraSite.LAYERS - 1));
                }
                layers.add(layer);
            }
        }
        int top = body.top() == null ? ActivationsBody.DEFAULT_TOP : body.top();
        if (top < 1 || top > ConfigurableGraph.NEURONS) {
            throw InferResource.bad("\"top\" must be 1 to " + ConfigurableGraph.NEURONS + " (the neurons of a layer), "
                    + "not " + top);
        }
        return new Query(text, bricks, List.copyOf(layers), top, Boolean.TRUE.equals(body.values()));
    }
}
