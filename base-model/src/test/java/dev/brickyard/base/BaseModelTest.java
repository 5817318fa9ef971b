package dev.brickyard.base;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The real base model against LangChain4j's own all-MiniLM-L6-v2 pipeline. */
class BaseModelTest {
    static final List<String> TEXTS = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "Brickyard ships bricks as OSGi bundles.",
            "I absolutely loved this restaurant, the pasta was perfect!",
            "Parliament passed the budget after a long debate.",
            "Café déjà vu: naïve coöperation.",
            "中文文本测试：你好，世界！",
            "emoji 😀 and symbols ∑ € …",
            "Shares fell 12% after the company cut its forecast for 2027.",
            "a",
            "What is the capital of France?",
            "Neural networks learn representations from data; transformers use attention.",
            "The striker scored twice in the final minutes.");

    static BaseModel model;

    @BeforeAll
    static void load() throws Exception {
        model = BaseModel.load();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void embeddingsMatchLangChain4jToCosineOfAtLeast0_9999() {
        AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
        for (String text : TEXTS) {
            float[] expected = reference.embed(text).content().vector();
            float[] actual = assertDoesNotThrowEmbed(text);
            double cosine = cosine(expected, actual);
            assertTrue(cosine >= 0.9999, "cosine " + cosine + " for '" + text + "'");
        }
    }

    @Test
    void embeddingsAreUnitLength384WideAndBatchingDoesNotChangeThem() throws Exception {
        float[][] batch = model.embed(TEXTS);
        assertEquals(TEXTS.size(), batch.length);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertEquals(BaseModel.DIM, batch[i].length);
            assertEquals(1.0, Math.sqrt(dot(batch[i], batch[i])), 1e-5);
            float[] alone = model.embed(TEXTS.get(i));
            assertArrayEquals(alone, batch[i], 1e-4f, "padding in a batch changed '" + TEXTS.get(i) + "'");
        }
    }

    @Test
    void aLargeBatchOfMixedLengthsIsCutIntoRunsWithoutChangingAnyAnswerOrItsPlace() throws Exception {
        List<String> texts = new ArrayList<>(TokenizerCorpus.texts(70));
        texts.add(String.join(" ", Collections.nCopies(120, "brick")));
        float[][] batch = model.embed(texts);
        assertEquals(texts.size(), batch.length);
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(model.embed(texts.get(i)), batch[i], 1e-4f, "'" + texts.get(i) + "' in a batch");
        }
    }

    @Test
    void similarMeaningsAreCloserThanUnrelatedOnes() throws Exception {
        float[][] e = model.embed(List.of("A man is playing a guitar.", "Someone plays the guitar.",
                "The stock market fell sharply today."));
        assertTrue(cosine(e[0], e[1]) > cosine(e[0], e[2]) + 0.3);
    }

    @Test
    void int8VariantStaysInTheSameEmbeddingSpace() throws Exception {
        try (BaseModel int8 = BaseModel.load(BaseModelVariant.INT8)) {
            float[][] full = model.embed(TEXTS);
            float[][] quantised = int8.embed(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                assertTrue(cosine(full[i], quantised[i]) > 0.9, "int8 drifted on '" + TEXTS.get(i) + "'");
            }
        }
    }

    @Test
    void emptyBatchGivesNoRows() throws Exception {
        assertEquals(0, model.embed(List.of()).length);
    }

    @ParameterizedTest
    @EnumSource(BaseModelVariant.class)
    void recordedDigestsMatchTheOnnxResources(BaseModelVariant variant) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(variant.openOnnx(), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertEquals(variant.digest(), "sha256:" + HexFormat.of().formatHex(sha.digest()));
    }

    private static float[] assertDoesNotThrowEmbed(String text) {
        try {
            return model.embed(text);
        } catch (Exception e) {
            throw new AssertionError("embedding failed for '" + text + "'", e);
        }
    }

    static double cosine(float[] a, float[] b) {
        return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
