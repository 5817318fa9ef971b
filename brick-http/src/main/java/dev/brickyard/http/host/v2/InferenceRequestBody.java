package dev.brickyard.http.host.v2;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v2/models/{name}/infer}: {@code $inference_request}.
 *
 * @param id echoed in the answer when given
 * @param parameters server-specific parameters; values are strings, numbers or booleans
 * @param outputs the outputs wanted, or null (or empty) for all of them
 */
public record InferenceRequestBody(String id, Map<String, JsonNode> parameters, List<Input> inputs,
                                   List<RequestedOutput> outputs) {
    /**
     * {@code $request_input}: one input tensor. {@code shape} and {@code data} stay JSON until checked: the data may
     * be flat or nested in the tensor's shape, and neither is trusted to match the other.
     */
    public record Input(String name, JsonNode shape, String datatype, Map<String, JsonNode> parameters,
                        JsonNode data) {
    }

    /** {@code $request_output}: an output asked for by name. */
    public record RequestedOutput(String name, Map<String, JsonNode> parameters) {
    }
}
