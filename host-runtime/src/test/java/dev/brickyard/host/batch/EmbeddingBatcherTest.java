package dev.brickyard.host.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.brickyard.api.BrickException;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.BaseModelVariant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The batcher with the real base model: who runs a request must never change its answer or whom it reaches. */
class EmbeddingBatcherTest {
    private static BaseModel model;

    @BeforeAll
    static void load() throws Exception {
        model = BaseModel.load(BaseModelVariant.FP32, 2, false);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void aLoneRequestIsCountedAsOneRunOfItsTexts() throws Exception {
        try (EmbeddingBatcher batcher = new EmbeddingBatcher(model, 32, 2000)) {
            float[][] answer = batcher.embed(List.of("a lone request", "with two texts"));
            assertArrayEquals(model.embed("with two texts"), answer[1], 1e-4f);
            assertEquals(1, batcher.statistics().runs());
            assertEquals(2, batcher.statistics().texts());
        }
    }

    @Test
    void concurrentRequestsEachGetTheirOwnAnswers() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 96; i++) {
            texts.add("request number " + i + " " + "about bricks ".repeat(i % 7));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (EmbeddingBatcher batcher = new EmbeddingBatcher(model, 8, 2000)) {
            List<Future<float[]>> answers = new ArrayList<>();
            for (String text : texts) {
                answers.add(pool.submit(() -> batcher.embed(List.of(text))[0]));
            }
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(model.embed(texts.get(i)), answers.get(i).get(), 1e-4f, texts.get(i));
            }
            assertEquals(texts.size(), batcher.statistics().texts(), "every text counted once");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClosedBatcherRefusesWork() {
        EmbeddingBatcher batcher = new EmbeddingBatcher(model, 32, 0);
        batcher.close();
        BrickException refused = assertThrows(BrickException.class, () -> batcher.embed(List.of("after close")));
        assertEquals("the host is closing", refused.getMessage());
    }
}
