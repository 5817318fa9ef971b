package dev.brickyard.http.host.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code GET /v2/models/{name}}: {@code $metadata_model_response}. Beyond the protocol's fields it names the brick's
 * {@code kind} and, for a head or composite, its {@code labels} in the order of the {@code probabilities} tensor.
 *
 * @param versions the versions that may be asked for in the URL: the installed one
 * @param labels null for bricks without labels
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelMetadata(String name, List<String> versions, String platform, List<TensorMetadata> inputs,
                            List<TensorMetadata> outputs, String kind, List<String> labels) {
}
