package dev.brickyard.http.host.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code $inference_response}: the outputs of one inference, each a tensor whose {@code data} is flat, in row-major
 * order.
 *
 * @param id the request's {@code id}, absent when it gave none
 * @param parameters server-specific values about the answer (the host's brick-set {@code generation})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferenceResponseBody(@JsonProperty("model_name") String modelName,
                                    @JsonProperty("model_version") String modelVersion, String id,
                                    Map<String, Object> parameters, List<Output> outputs) {
    /** {@code $response_output}: one output tensor. */
    public record Output(String name, List<Long> shape, String datatype, List<?> data) {
    }
}
