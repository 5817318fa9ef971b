package dev.brickyard.host.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.BrickNotFoundException;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.WordPieceTokenizer;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.Embeddings;
import dev.brickyard.host.access.HostScope;
import dev.brickyard.http.host.EmbeddingsBody;
import dev.brickyard.http.host.EmbeddingsResponse;
import dev.brickyard.http.problem.ErrorCode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code POST /v1/embeddings}: OpenAI's "create embeddings" on the host's base model, optionally with adapters and
 * neuron bricks applied ({@link OpenAiModelName}). The vectors are those {@code /v1/infer} hands its bricks, made
 * through the same batcher, so concurrent requests share base-model runs. Texts only: token arrays are refused, since
 * OpenAI's clients make them with OpenAI's tokenizer, whose ids mean nothing to this model. Errors are in OpenAI's
 * shape ({@link ProblemMapper}).
 */
@Path("/v1/embeddings")
@RequiresScope(HostScope.INFER)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class EmbeddingsResource {
    private static final String FLOAT = "float";
    private static final String BASE64 = "base64";

    private final BrickHost host;
    private final String base;

    public EmbeddingsResource(BrickHost host) {
        this.host = host;
        this.base = host.baseModel().reference().name();
    }

    @POST
    public EmbeddingsResponse embed(EmbeddingsBody body) throws BrickException {
        if (body == null) {
            throw HostException.about(null, ErrorCode.BAD_REQUEST, "send a JSON body: {\"model\": \"" + base
                    + "\", \"input\": \"...\"}");
        }
        OpenAiModelName model = OpenAiModelName.parse(body.model(), base);
        List<String> texts = texts(body.input());
        boolean base64 = base64(body.encodingFormat());
        if (body.dimensions() != null && body.dimensions() != BaseModel.DIM) {
            throw HostException.about("dimensions", ErrorCode.BAD_REQUEST, base + " makes " + BaseModel.DIM
                    + "-dimensional embeddings and cannot shorten them: leave \"dimensions\" out or send "
                    + BaseModel.DIM + ", not " + body.dimensions());
        }
        model.resolve(host.bricks()); // refuses what is no model at all before the work starts
        Embeddings embeddings;
        try {
            embeddings = host.embed(texts, model.bricks());
        } catch (BrickNotFoundException e) {
            throw OpenAiModelName.notFound(model.text(), e.getMessage());
        } catch (IllegalArgumentException e) {
            throw HostException.about("model", ErrorCode.BAD_REQUEST, e.getMessage());
        }
        model.requireVersions(embeddings.applied());
        WordPieceTokenizer tokenizer = host.baseModel().tokenizer();
        List<EmbeddingsResponse.Embedding> data = new ArrayList<>(texts.size());
        long tokens = 0;
        for (int i = 0; i < texts.size(); i++) {
            float[] vector = embeddings.vectors()[i];
            data.add(new EmbeddingsResponse.Embedding(i, base64 ? base64(vector) : vector));
            tokens += tokenizer.encode(texts.get(i)).length;
        }
        return new EmbeddingsResponse(data, OpenAiModelName.of(base, embeddings.applied()),
                new EmbeddingsResponse.Usage(tokens, tokens));
    }

    /** The texts of {@code input}: a string, or an array of 1 to {@value InferResource#MAX_TEXTS} strings. */
    static List<String> texts(JsonNode input) {
        if (input == null || input.isNull() || input.isMissingNode()) {
            throw HostException.about("input", ErrorCode.BAD_REQUEST, "\"input\" is required: a string or an "
                    + "array of strings");
        }
        if (input.isTextual()) {
            return List.of(text(input, "input"));
        }
        if (input.isNumber() || input.isArray() && input.size() > 0 && (input.get(0).isNumber()
                || input.get(0).isArray())) {
            throw HostException.about("input", ErrorCode.BAD_REQUEST, "\"input\" holds token ids; this host reads "
                    + "texts only (an OpenAI client's token ids are for OpenAI's tokenizer, not this model's): send "
                    + "a string or an array of strings");
        }
        if (!input.isArray()) {
            throw HostException.about("input", ErrorCode.BAD_REQUEST, "\"input\" must be a string or an array of "
                    + "strings");
        }
        if (input.isEmpty() || input.size() > InferResource.MAX_TEXTS) {
            throw HostException.about("input", ErrorCode.BAD_REQUEST, "\"input\" must hold 1 to "
                    + InferResource.MAX_TEXTS + " strings, not " + input.size() + "; split larger requests");
        }
        List<String> texts = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            if (!item.isTextual()) {
                throw HostException.about("input", ErrorCode.BAD_REQUEST, "input[" + i + "] is not a string");
            }
            texts.add(text(item, "input[" + i + "]"));
        }
        return texts;
    }

    private static String text(JsonNode item, String name) {
        String text = item.textValue();
        if (text.isBlank() || text.length() > InferResource.MAX_TEXT_LENGTH) {
            throw HostException.about("input", ErrorCode.BAD_REQUEST, name + " must be non-blank and at most "
                    + InferResource.MAX_TEXT_LENGTH + " characters (the base model reads the first 256 tokens)");
        }
        return text;
    }

    private static boolean base64(String encodingFormat) {
        if (encodingFormat == null || encodingFormat.equals(FLOAT)) {
            return false;
        }
        if (encodingFormat.equals(BASE64)) {
            return true;
        }
        throw HostException.about("encoding_format", ErrorCode.BAD_REQUEST, "\"encoding_format\" must be \"float\" "
                + "or \"base64\", not \"" + encodingFormat + "\"");
    }

    /** The base64 of the vector's little-endian float32 bytes, as OpenAI's {@code encoding_format: base64}. */
    static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
