package dev.brickyard.host.http.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.host.http.HostException;
import dev.brickyard.host.http.InferResource;
import dev.brickyard.http.host.InferBody;
import dev.brickyard.http.host.InferResponse;
import dev.brickyard.http.host.v2.InferenceRequestBody;
import dev.brickyard.http.host.v2.InferenceResponseBody;
import dev.brickyard.http.host.v2.TensorMetadata;
import dev.brickyard.http.problem.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates between the protocol's tensors and the host's own inference: one {@code BYTES} input {@code text} of
 * shape {@code [n]} or {@code [n, 1]} becomes the {@code texts} of a {@code /v1/infer} body naming the one brick, and
 * that brick's answers become output tensors. Nothing the client says about its tensors is trusted: the datatype,
 * the shape and the data are each checked against the others before any text reaches the base model.
 *
 * <p>The outputs, per text, in the order of the texts:
 * <ul>
 *   <li>a head or composite: {@code label} ({@code BYTES [n]}, the most probable label), {@code confidence}
 *       ({@code FP32 [n]}, its probability) and {@code probabilities} ({@code FP32 [n, labels]}, in the brick's label
 *       order);</li>
 *   <li>a knowledge brick: {@code answer} ({@code BYTES [n]}, the best fact's value as text, empty when no fact
 *       scored at least {@code min_score}) and {@code matches} ({@code BYTES [n]}, the facts found as the JSON array
 *       {@code /v1/infer} gives: {@code [{"key", "value", "score"}, ...]}).</li>
 * </ul>
 */
final class InferenceTensors {
    static final String INPUT = "text";
    static final String BYTES = "BYTES";
    static final String FP32 = "FP32";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ANY = -1;

    private InferenceTensors() {
    }

    /** Whether a brick of this kind answers texts, and so is a model that can be asked. */
    static boolean answers(BrickKind kind) {
        return kind == BrickKind.HEAD || kind == BrickKind.COMPOSITE || kind == BrickKind.KNOWLEDGE;
    }

    /**
     * Why a brick that answers nothing is no model to ask: an adapter or neuron brick changes the base model's run,
     * for the bricks named beside it in {@code /v1/infer}.
     */
    static String notAModel(InstalledBrick brick) {
        return brick + " is " + (brick.kind() == BrickKind.ADAPTER ? "an adapter" : "a neuron brick") + ": it "
                + "changes the base model's run and answers nothing itself; name it in POST /v1/infer's \"bricks\" "
                + "beside a brick that answers";
    }

    /** The inputs of a model that answers: one text per row. */
    static List<TensorMetadata> inputs(InstalledBrick brick) {
        return answers(brick.kind()) ? List.of(new TensorMetadata(INPUT, BYTES, List.of(ANY))) : List.of();
    }

    /** The outputs of a model, in the order they are answered when none are asked for. */
    static List<TensorMetadata> outputs(InstalledBrick brick) {
        return switch (brick.kind()) {
            case HEAD, COMPOSITE -> List.of(new TensorMetadata("label", BYTES, List.of(ANY)),
                    new TensorMetadata("confidence", FP32, List.of(ANY)),
                    new TensorMetadata("probabilities", FP32, List.of(ANY, (long) brick.labels().size())));
            case KNOWLEDGE -> List.of(new TensorMetadata("answer", BYTES, List.of(ANY)),
                    new TensorMetadata("matches", BYTES, List.of(ANY)));
            case ADAPTER, NEURONS -> List.of();
        };
    }

    /**
     * The {@code /v1/infer} body that asks {@code brick} about the texts of {@code request}: the texts of its one
     * input, and the knowledge lookup of its {@code top_k} and {@code min_score} parameters.
     */
    static InferBody inferBody(InferenceRequestBody request, InstalledBrick brick) {
        if (request == null) {
            throw bad("send an inference request: {\"inputs\": [{\"name\": \"text\", \"shape\": [1], \"datatype\": "
                    + "\"BYTES\", \"data\": [\"...\"]}]}");
        }
        return new InferBody(null, texts(request.inputs()), List.of(brick.id().toString()), null, null,
                knowledge(request.parameters()), null);
    }

    /** The texts of the one input {@code text}, after checking its datatype and that its data fill its shape. */
    static List<String> texts(List<InferenceRequestBody.Input> inputs) {
        if (inputs == null || inputs.isEmpty()) {
            throw bad("\"inputs\" must hold the one input \"text\" (BYTES, shape [-1])");
        }
        if (inputs.size() > 1) {
            throw bad("this model reads one input, \"text\", not " + inputs.size() + ": "
                    + inputs.stream().map(input -> input == null ? null : input.name()).toList());
        }
        InferenceRequestBody.Input input = inputs.get(0);
        if (input == null || !INPUT.equals(input.name())) {
            throw bad("unknown input '" + (input == null ? null : input.name()) + "'; this model reads one input, "
                    + "\"text\" (BYTES, shape [-1])");
        }
        if (!BYTES.equals(input.datatype())) {
            throw bad("input \"text\" has datatype " + input.datatype() + "; this model reads BYTES (texts)");
        }
        if (input.parameters() != null && input.parameters().containsKey("binary_data_size")) {
            throw bad("binary tensor data (binary_data_size) is not supported; send the texts as JSON strings in "
                    + "\"data\"");
        }
        List<Long> shape = shape(input.shape());
        long count = shape.stream().reduce(1L, Math::multiplyExact);
        if (count < 1 || count > InferResource.MAX_TEXTS) {
            throw bad("input \"text\" of shape " + shape + " holds " + count + " texts; a request holds 1 to "
                    + InferResource.MAX_TEXTS);
        }
        JsonNode data = input.data();
        if (data == null || !data.isArray()) {
            throw bad("input \"text\" needs \"data\": a JSON array of " + count + " strings");
        }
        List<String> texts = new ArrayList<>();
        boolean nested = data.size() > 0 && data.get(0).isArray();
        if (nested) {
            collectNested(data, shape, 0, texts);
        } else {
            collectFlat(data, count, texts);
        }
        if (texts.size() != count) {
            throw bad("input \"text\" has shape " + shape + " (" + count + " elements) but its data holds "
                    + texts.size());
        }
        return texts;
    }

    /** {@code [n]} or {@code [n, 1]}: non-negative integers. */
    private static List<Long> shape(JsonNode shape) {
        if (shape == null || !shape.isArray() || shape.isEmpty() || shape.size() > 2) {
            throw bad("input \"text\" needs a \"shape\" of [n] or [n, 1]");
        }
        List<Long> dims = new ArrayList<>();
        for (JsonNode dim : shape) {
            if (!dim.isIntegralNumber() || !dim.canConvertToLong() || dim.longValue() < 0) {
                throw bad("a shape holds non-negative integers, not " + dim);
            }
            dims.add(dim.longValue());
        }
        if (dims.size() == 2 && dims.get(1) != 1) {
            throw bad("input \"text\" has shape " + dims + "; this model reads [n] or [n, 1], one text per row");
        }
        if (dims.get(0) > InferResource.MAX_TEXTS) {
            throw bad("input \"text\" of shape " + dims + " holds " + dims.get(0) + " texts; a request holds 1 to "
                    + InferResource.MAX_TEXTS);
        }
        return dims;
    }

    private static void collectFlat(JsonNode data, long count, List<String> texts) {
        if (data.size() != count) {
            throw bad("input \"text\" has " + count + " elements by its shape but its data holds " + data.size());
        }
        for (JsonNode element : data) {
            texts.add(element(element, texts.size()));
        }
    }

    /** Data nested as the shape is: every level an array of the dimension's length, strings at the bottom. */
    private static void collectNested(JsonNode node, List<Long> shape, int level, List<String> texts) {
        if (level == shape.size()) {
            texts.add(element(node, texts.size()));
            return;
        }
        if (!node.isArray() || node.size() != shape.get(level)) {
            throw bad("input \"text\" has shape " + shape + " but its data is not nested that way at depth " + level
                    + ": give the data flat, or nested exactly as the shape");
        }
        for (JsonNode child : node) {
            collectNested(child, shape, level + 1, texts);
        }
    }

    /** A text: a JSON string that is valid Unicode, so valid UTF-8 (a lone surrogate escape is not). */
    private static String element(JsonNode element, int index) {
        if (!element.isTextual()) {
            throw bad("element " + index + " of input \"text\" is " + element.getNodeType().name().toLowerCase()
                    + "; BYTES elements are given as JSON strings");
        }
        String text = element.textValue();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw bad("element " + index + " of input \"text\" is not valid UTF-8: it holds a lone surrogate "
                        + "at character " + i);
            }
        }
        return text;
    }

    /** The knowledge lookup of the request's {@code top_k} and {@code min_score}, or null for the default. */
    private static InferBody.Knowledge knowledge(Map<String, JsonNode> parameters) {
        if (parameters == null) {
            return null;
        }
        JsonNode topK = parameters.get("top_k");
        JsonNode minScore = parameters.get("min_score");
        if (topK == null && minScore == null) {
            return null;
        }
        if (topK != null && !(topK.isIntegralNumber() && topK.canConvertToInt() && topK.intValue() >= 1
                && topK.intValue() <= 100)) {
            throw bad("parameter top_k must be an integer, 1 to 100, not " + topK);
        }
        if (minScore != null && !(minScore.isNumber() && minScore.doubleValue() >= -1 && minScore.doubleValue() <= 1)) {
            throw bad("parameter min_score must be a number, -1 to 1, not " + minScore);
        }
        return new InferBody.Knowledge(topK == null ? null : topK.intValue(),
                minScore == null ? null : minScore.floatValue());
    }

    /** The names of the outputs asked for, in the order asked, or all of the model's when none are named. */
    static List<String> requested(List<InferenceRequestBody.RequestedOutput> asked, InstalledBrick brick) {
        List<String> available = outputs(brick).stream().map(TensorMetadata::name).toList();
        if (asked == null || asked.isEmpty()) {
            return available;
        }
        Set<String> names = new LinkedHashSet<>();
        for (InferenceRequestBody.RequestedOutput output : asked) {
            String name = output == null ? null : output.name();
            if (!available.contains(name)) {
                throw bad("unknown output '" + name + "'; " + brick.id() + " has the outputs " + available);
            }
            if (!names.add(name)) {
                throw bad("output '" + name + "' is asked for twice");
            }
        }
        return List.copyOf(names);
    }

    /** The output tensors of one brick's answers to every text of a {@code /v1/infer} answer. */
    static List<InferenceResponseBody.Output> outputs(InferResponse answer, InstalledBrick brick,
                                                      List<String> requested) {
        List<InferResponse.Answer> answers = new ArrayList<>();
        for (InferResponse.Result result : answer.results()) {
            InferResponse.Answer one = result.answers().get(0);
            if (one.error() != null) {
                throw new HostException(ErrorCode.BRICK_FAILED, one.brick() + "@" + one.version() + " failed on text "
                        + answers.size() + ": " + one.error());
            }
            answers.add(one);
        }
        long n = answers.size();
        List<InferenceResponseBody.Output> outputs = new ArrayList<>();
        for (String name : requested) {
            outputs.add(switch (name) {
                case "label" -> new InferenceResponseBody.Output(name, List.of(n), BYTES,
                        answers.stream().map(InferResponse.Answer::label).toList());
                case "confidence" -> new InferenceResponseBody.Output(name, List.of(n), FP32,
                        answers.stream().map(InferResponse.Answer::confidence).toList());
                case "probabilities" -> new InferenceResponseBody.Output(name,
                        List.of(n, (long) brick.labels().size()), FP32, answers.stream()
                        .flatMap(a -> a.probabilities().values().stream()).toList());
                case "answer" -> new InferenceResponseBody.Output(name, List.of(n), BYTES, answers.stream()
                        .map(a -> a.matches().isEmpty() ? "" : valueText(a.matches().get(0).value())).toList());
                case "matches" -> new InferenceResponseBody.Output(name, List.of(n), BYTES,
                        answers.stream().map(a -> matchesJson(a.matches())).toList());
                default -> throw new IllegalStateException("no output " + name);
            });
        }
        return outputs;
    }

    private static String valueText(JsonNode value) {
        return value.isTextual() ? value.textValue() : value.toString();
    }

    private static String matchesJson(List<InferResponse.Match> matches) {
        ArrayNode array = JSON.createArrayNode();
        for (InferResponse.Match match : matches) {
            ObjectNode node = array.addObject();
            node.put("key", match.key());
            node.set("value", match.value());
            node.put("score", match.score());
        }
        return array.toString();
    }

    static HostException bad(String detail) {
        return new HostException(ErrorCode.BAD_REQUEST, detail);
    }
}
