package dev.brickyard.host.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.access.HostScope;
import dev.brickyard.host.access.HostTokens;
import dev.brickyard.http.server.ServerLimits;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LangChain4j's OpenAI embedding client ({@code langchain4j-open-ai}) pointed at a real host with tokens, as a Java
 * application would use the host in place of OpenAI: its vectors are the base model's, with an adapter too, its
 * batches of more texts than one request may carry work when it splits them, and a wrong model fails.
 */
class LangChain4jOpenAiClientTest {
    @TempDir
    Path folder;

    private static EmbeddingModel model(HostServer server, String token, String name, int maxSegmentsPerBatch) {
        return OpenAiEmbeddingModel.builder().baseUrl(server.uri() + "v1").apiKey(token).modelName(name)
                .maxSegmentsPerBatch(maxSegmentsPerBatch).maxRetries(0).build();
    }

    @Test
    void embedsTextsAsTheBaseModelDoes() throws Exception {
        HostTokens tokens = HostTokens.open(folder.resolve("tokens.json"));
        String admin = tokens.create(EnumSet.of(HostScope.ADMIN), "test admin").secret();
        String infer = tokens.create(EnumSet.of(HostScope.INFER), "langchain4j").secret();
        try (HostServer server = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0, null,
                ServerLimits.DEFAULT, new HostAccess(tokens, Set.of(), null))) {
            assertEquals(201, new HostClient(server.uri(), admin).postBundle("v1/bricks",
                    BrickJar.adapter("acme/terms", "1.0.0", 4, 0.05f, "layer.5.ffn_out").writeTo(folder)).status());
            List<String> texts = IntStream.range(0, 300).mapToObj(i -> "review number " + i + ": the tent kept us "
                    + (i % 2 == 0 ? "dry" : "cold")).toList();
            List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();

            // 300 segments: more than one request may carry (256), so the client splits them into batches.
            Response<List<Embedding>> answer = model(server, infer, "all-minilm-l6-v2", 256).embedAll(segments);
            float[][] direct = server.host().baseModel().embed(texts);
            assertEquals(texts.size(), answer.content().size());
            for (int i = 0; i < texts.size(); i++) {
                float[] vector = answer.content().get(i).vector();
                assertEquals(384, vector.length);
                assertTrue(OpenAiEndpointsTest.cosine(direct[i], vector) > 0.9999, "text " + i);
            }
            long tokensRead = texts.stream().mapToLong(t -> server.host().baseModel().tokenizer().encode(t).length)
                    .sum();
            assertEquals((int) tokensRead, answer.tokenUsage().inputTokenCount());

            float[][] adapted = server.host().embed(texts.subList(0, 3),
                    List.of(dev.brickyard.api.version.BrickId.parse("acme/terms"))).vectors();
            List<Embedding> withAdapter = model(server, infer, "all-minilm-l6-v2+acme/terms", 256)
                    .embedAll(segments.subList(0, 3)).content();
            for (int i = 0; i < 3; i++) {
                assertTrue(OpenAiEndpointsTest.cosine(adapted[i], withAdapter.get(i).vector()) > 0.9999);
            }

            RuntimeException unknown = assertThrows(RuntimeException.class,
                    () -> model(server, infer, "text-embedding-3-small", 256).embed("a tent"));
            assertTrue(String.valueOf(unknown.getMessage()).contains("model_not_found"), unknown.toString());
        }
    }
}
