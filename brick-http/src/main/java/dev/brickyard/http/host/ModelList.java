package dev.brickyard.http.host;

import java.util.List;

/** {@code GET /v1/models}: OpenAI's model list; {@code object} is always {@code list}. */
public record ModelList(String object, List<ModelDocument> data) {
    public ModelList(List<ModelDocument> data) {
        this("list", data);
    }
}
