package dev.brickyard.http.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brickyard.http.problem.ErrorCode;

/**
 * The {@code ErrorCode} schema of an API's OpenAPI document, written from {@link ErrorCode} itself so the document
 * cannot drift from the codes the server answers with: the codes as an enum, a table of code, status and title as
 * its description, and each code's status under {@code x-status}.
 */
public final class ErrorCodeSchema {
    private ErrorCodeSchema() {
    }

    /** Puts the schema of {@code api}'s codes into {@code schemas} as {@code ErrorCode}, and returns it. */
    public static ObjectNode put(ObjectNode schemas, ErrorCode.Api api) {
        ObjectNode schema = schemas.putObject("ErrorCode");
        schema.put("type", "string");
        ArrayNode values = schema.putArray("enum");
        ObjectNode statuses = schema.putObject("x-status");
        StringBuilder table = new StringBuilder("A stable error code; clients branch on it, never on the text. "
                + "Each has one HTTP status:\n\n| code | status | title |\n|---|---|---|\n");
        for (ErrorCode code : ErrorCode.of(api)) {
            values.add(code.code());
            statuses.put(code.code(), code.status());
            table.append("| `").append(code.code()).append("` | ").append(code.status()).append(" | ")
                    .append(code.title()).append(" |\n");
        }
        schema.put("description", table.toString());
        return schema;
    }
}
