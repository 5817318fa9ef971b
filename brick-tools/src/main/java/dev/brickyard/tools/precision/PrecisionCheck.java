package dev.brickyard.tools.precision;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.BrickExecutionException;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.base.BaseModel;
import dev.brickyard.tools.InvalidInputException;
import dev.brickyard.tools.data.LabelledText;
import dev.brickyard.tools.train.Evaluation;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.manifest.ManifestJson;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.PrecisionMetrics;
import dev.brickyard.base.knowledge.KnowledgeFact;
import dev.brickyard.base.knowledge.ValuesFile;
import dev.brickyard.base.verify.BrickArchiveLimits;
import dev.brickyard.tools.card.BrickCard;
import dev.brickyard.tools.train.HeadTraining;
import dev.brickyard.tools.train.KnowledgeTraining;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a brick's held-out examples through two builds of the base model and its own graph (a head's
 * {@code head.onnx}, a knowledge brick's {@code keys.onnx}), and compares the answers: the best-scoring label of a
 * head, the best-matching fact of a knowledge brick.
 */
public final class PrecisionCheck {

    private PrecisionCheck() {
    }

    /** The build a brick folder's brick.json says it was trained on. */
    public static BaseModelVariant trainedOn(BrickManifest manifest) throws InvalidInputException {
        return PrecisionMetrics.trainedOn(manifest).orElseThrow(() -> new InvalidInputException(manifest.id()
                + " names base model digest " + (manifest.base() == null ? "none" : manifest.base().digest())
                + ", which is neither the fp32 nor the int8 build of all-minilm-l6-v2"));
    }

    /**
     * Measures the brick in a folder (a head or a knowledge brick) on the two builds.
     *
     * @param heldout for a head, labelled texts; for a knowledge brick, questions labelled with the key of the fact
     *                that answers them
     */
    public static PrecisionComparison measure(Path folder, List<LabelledText> heldout, BaseModel trained,
                                              BaseModel other) throws BrickException, InvalidInputException,
            IOException {
        BrickManifest manifest = readManifest(folder);
        if (manifest.kind() == BrickKind.HEAD) {
            return measure(manifest, Files.readAllBytes(folder.resolve(HeadTraining.WEIGHTS_FILE)),
                    manifest.labels(), heldout, trained, other);
        }
        if (manifest.kind() == BrickKind.KNOWLEDGE) {
            BrickArchiveLimits limits = BrickArchiveLimits.DEFAULT;
            List<String> keys = ValuesFile.read(Files.readAllBytes(folder.resolve(KnowledgeTraining.VALUES_FILE)),
                    KnowledgeTraining.VALUES_FILE, limits.maxFacts(), limits.maxFactBytes()).stream()
                    .map(KnowledgeFact::key).toList();
            return measure(manifest, Files.readAllBytes(folder.resolve(KnowledgeTraining.KEYS_FILE)), keys,
                    heldout, trained, other);
        }
        throw new InvalidInputException(manifest.id() + ": precision is measured for heads and knowledge bricks, whose "
                + "answers a held-out file can name, not for " + manifest.kind().jsonName() + " bricks");
    }

    /**
     * Records a measurement in a brick folder: the metrics in {@code brick.json} (the card's front matter too) and a
     * {@code ## Precision} section in the card, before its {@code ## Training} section. Each file is replaced whole.
     */
    public static void record(Path folder, PrecisionComparison comparison) throws InvalidInputException,
            IOException {
        BrickManifest manifest = readManifest(folder);
        Map<String, Double> metrics = new HashMap<>(manifest.metrics());
        metrics.putAll(comparison.metrics());
        byte[] json = ManifestJson.write(manifest.withMetrics(metrics));
        Path cardFile = folder.resolve("README.md");
        String card = Files.isRegularFile(cardFile) ? Files.readString(cardFile) : "# " + manifest.id() + "\n";
        card = BrickCard.withSection(BrickCard.withFrontMatterMetrics(card, comparison.metrics()),
                comparison.cardSection(manifest.base().name()), "training");
        replace(Map.of(cardFile, card.getBytes(StandardCharsets.UTF_8), folder.resolve("brick.json"), json));
    }

    private static BrickManifest readManifest(Path folder) throws InvalidInputException, IOException {
        try {
            return ManifestJson.read(Files.readAllBytes(folder.resolve("brick.json")));
        } catch (MalformedBrickException e) {
            throw new InvalidInputException(folder.resolve("brick.json") + " is not a valid brick.json: "
                    + e.getMessage());
        }
    }

    /** Writes every file to a temporary sibling first, then moves them all in: a failed write changes nothing. */
    private static void replace(Map<Path, byte[]> files) throws IOException {
        Map<Path, Path> temporaries = new HashMap<>();
        try {
            for (Map.Entry<Path, byte[]> file : files.entrySet()) {
                Path temporary = file.getKey().resolveSibling("." + file.getKey().getFileName() + ".tmp");
                temporaries.put(file.getKey(), temporary);
                Files.write(temporary, file.getValue());
            }
            for (Map.Entry<Path, Path> move : temporaries.entrySet()) {
                Files.move(move.getValue(), move.getKey(), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            for (Path temporary : temporaries.values()) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /**
     * Measures one brick.
     *
     * @param graph the brick's ONNX graph from embedding to one score per answer
     * @param answers what each score stands for: a head's labels, a knowledge brick's fact keys, in graph order
     * @param heldout examples whose label is the expected answer (a label, or the key of the expected fact)
     * @param trained the build the brick was trained on
     * @param other the build to compare with
     */
    public static PrecisionComparison measure(BrickManifest manifest, byte[] graph, List<String> answers,
                                              List<LabelledText> heldout, BaseModel trained, BaseModel other)
            throws BrickException, InvalidInputException {
        requireExamples(heldout);
        return measure(manifest, graph, answers, heldout, trained.variant(),
                trained.embed(heldout.stream().map(LabelledText::text).toList()), other);
    }

    /**
     * Measures one brick whose held-out texts are already embedded on the build it was trained on (as training has
     * them), so only the other build embeds them again.
     *
     * @param trainedEmbeddings the held-out texts' embeddings on {@code trainedOn}, in order
     */
    public static PrecisionComparison measure(BrickManifest manifest, byte[] graph, List<String> answers,
                                              List<LabelledText> heldout, BaseModelVariant trainedOn,
                                              float[][] trainedEmbeddings, BaseModel other)
            throws BrickException, InvalidInputException {
        requireExamples(heldout);
        int[] truth = new int[heldout.size()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = answers.indexOf(heldout.get(i).label());
            if (truth[i] < 0) {
                throw new InvalidInputException("held-out example " + (i + 1) + " expects '" + heldout.get(i).label()
                        + "', which " + manifest.id() + " never answers" + (answers.size() <= 12
                        ? " (it answers " + answers + ")" : ""));
            }
        }
        int[] onTrained = best(manifest, graph, trainedEmbeddings);
        int[] onOther = best(manifest, graph, other.embed(heldout.stream().map(LabelledText::text).toList()));
        int same = 0;
        for (int i = 0; i < truth.length; i++) {
            same += onTrained[i] == onOther[i] ? 1 : 0;
        }
        return new PrecisionComparison(trainedOn, Evaluation.of(answers, truth, onTrained), other.variant(),
                Evaluation.of(answers, truth, onOther), same);
    }

    private static void requireExamples(List<LabelledText> heldout) throws InvalidInputException {
        if (heldout.isEmpty()) {
            throw new InvalidInputException("the held-out file has no examples");
        }
    }

    /** The index of the best score the graph gives each embedding. */
    private static int[] best(BrickManifest manifest, byte[] graph, float[][] embeddings) throws BrickException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        String input = manifest.io().inputs().get(0).name();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = environment.createSession(graph, options);
             OnnxTensor tensor = OnnxTensor.createTensor(environment, embeddings);
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            float[][] scores = (float[][]) result.get(0).getValue();
            int[] best = new int[scores.length];
            for (int i = 0; i < scores.length; i++) {
                for (int k = 1; k < scores[i].length; k++) {
                    if (scores[i][k] > scores[i][best[i]]) {
                        best[i] = k;
                    }
                }
            }
            return best;
        } catch (OrtException e) {
            throw new BrickExecutionException(manifest.id() + ": its graph does not run on held-out embeddings: "
                    + e.getMessage(), e);
        }
    }
}
