package dev.brickyard.tools.train;

import dev.brickyard.api.BrickException;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import dev.brickyard.api.kind.Granularity;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.onnx.HeadGraph;
import dev.brickyard.tools.InvalidInputException;
import dev.brickyard.tools.card.BrickCard;
import dev.brickyard.tools.card.BrickMetadata;
import dev.brickyard.tools.card.RoutingKey;
import dev.brickyard.tools.data.LabelledText;
import dev.brickyard.tools.precision.PrecisionCheck;
import dev.brickyard.tools.precision.PrecisionComparison;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Trains a head brick: embeds the examples with the base model, holds out a split (a given file, or a stratified
 * fraction chosen with a seed), fits {@link SoftmaxRegression} on the rest, calibrates its probabilities with
 * {@link TemperatureScaling} fitted on the held-out split, evaluates on the held-out split and builds the manifest,
 * the ONNX graph and the card.
 */
public final class HeadTraining {
    /** The head's graph in its brick folder. */
    public static final String WEIGHTS_FILE = "head.onnx";

    /**
     * What to train.
     *
     * @param heldout explicit held-out examples, or empty to split {@code holdoutFraction} off {@code train}
     * @param trainSource file name of the training data, for the card
     * @param heldoutSource file name of the held-out data, or null when split off the training data
     */
    public record Plan(BrickMetadata metadata, List<LabelledText> train, List<LabelledText> heldout,
                       double holdoutFraction, long seed, String trainSource, String heldoutSource,
                       SoftmaxRegression.Settings settings) {
    }

    /** The trained brick, ready to be written to a folder. */
    public record Result(BrickManifest manifest, byte[] onnx, String card, Evaluation evaluation,
                         Calibration calibration, int trainCount) {
    }

    /**
     * The head's temperature, fitted on the whole held-out split, and its expected calibration error on that split
     * ({@link CalibrationError#DEFAULT_BINS} bins) before scaling and after: the after figure is
     * {@value HeadTraining#CALIBRATION_FOLDS}-fold cross-validated ({@link TemperatureScaling#crossValidatedCalibrationError}), so
     * it does not reward fitting T on the examples it is measured on.
     */
    public record Calibration(double temperature, double errorBefore, double errorAfter) {
    }

    /** Folds of the held-out split for measuring the calibrated error. */
    public static final int CALIBRATION_FOLDS = 5;

    private HeadTraining() {
    }

    public static Result train(BaseModel baseModel, Plan plan) throws BrickException, InvalidInputException {
        return train(baseModel, null, plan);
    }

    /**
     * Trains a head and, when {@code otherBuild} is given, measures its held-out answers on that build of the base
     * model too ({@link PrecisionCheck}): the metrics and the card's {@code Precision} section record it.
     */
    public static Result train(BaseModel baseModel, BaseModel otherBuild, Plan plan)
            throws BrickException, InvalidInputException {
        List<LabelledText> train = new ArrayList<>(plan.train());
        List<LabelledText> heldout = new ArrayList<>(plan.heldout());
        if (heldout.isEmpty()) {
            split(train, heldout, plan.holdoutFraction(), plan.seed());
        }
        List<String> labels = new ArrayList<>(new TreeSet<>(train.stream().map(LabelledText::label).toList()));
        if (labels.size() < 2) {
            throw new InvalidInputException("a head needs at least two labels; the training data has " + labels);
        }
        for (LabelledText example : heldout) {
            if (!labels.contains(example.label())) {
                throw new InvalidInputException("held-out label '" + example.label() + "' never occurs in the training data");
            }
        }
        if (heldout.isEmpty()) {
            throw new InvalidInputException("the held-out split is empty; give --heldout FILE or more examples");
        }
        float[][] trainX = baseModel.embed(train.stream().map(LabelledText::text).toList());
        float[][] heldoutX = baseModel.embed(heldout.stream().map(LabelledText::text).toList());
        int[] trainY = train.stream().mapToInt(example -> labels.indexOf(example.label())).toArray();
        int[] heldoutY = heldout.stream().mapToInt(example -> labels.indexOf(example.label())).toArray();

        SoftmaxRegression.Model fitted = SoftmaxRegression.fit(trainX, trainY, labels.size(), plan.settings());
        Calibration calibration = calibrate(fitted, heldoutX, heldoutY);
        SoftmaxRegression.Model model = fitted.withTemperature(calibration.temperature());
        int[] predicted = new int[heldoutX.length];
        for (int i = 0; i < heldoutX.length; i++) {
            predicted[i] = model.predict(heldoutX[i]);
        }
        Evaluation evaluation = Evaluation.of(labels, heldoutY, predicted);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("heldout_accuracy", round(evaluation.accuracy()));
        metrics.put("heldout_macro_f1", round(evaluation.macroF1()));
        metrics.put("heldout_ece", round(calibration.errorAfter()));
        metrics.put("heldout_ece_uncalibrated", round(calibration.errorBefore()));
        metrics.put("heldout_examples", (double) heldout.size());
        metrics.put("temperature", round(calibration.temperature()));
        metrics.put("train_examples", (double) train.size());
        BrickMetadata meta = plan.metadata();
        BrickManifest manifest = new BrickManifest(BrickManifest.SCHEMA_VERSION, meta.id(), meta.version(),
                BrickKind.HEAD, BrickOrigin.CUSTOMIZED, Granularity.MODULE, meta.description(), meta.tags(), labels,
                HeadGraph.signature(BaseModel.DIM, labels.size()), RoutingKey.centroid(trainX), metrics, meta.license(),
                meta.authors(), baseModel.reference(), List.of(WEIGHTS_FILE));
        byte[] onnx = HeadGraph.linear(model.weights(), model.bias(), meta.id());
        String card = BrickCard.forHead(manifest, evaluation, calibration, train.size(), plan);
        if (otherBuild != null) {
            PrecisionComparison comparison = PrecisionCheck.measure(manifest, onnx, labels, heldout,
                    baseModel.variant(), heldoutX, otherBuild);
            metrics.putAll(comparison.metrics());
            manifest = manifest.withMetrics(metrics);
            card = BrickCard.withSection(BrickCard.withFrontMatterMetrics(card, comparison.metrics()),
                    comparison.cardSection(manifest.base().name()), "training");
        }
        return new Result(manifest, onnx, card, evaluation, calibration, train.size());
    }

    /** Fits the temperature on the held-out embeddings and measures the calibration error before and after. */
    static Calibration calibrate(SoftmaxRegression.Model model, float[][] heldoutX, int[] heldoutY) {
        double[][] logits = new double[heldoutX.length][];
        for (int i = 0; i < heldoutX.length; i++) {
            logits[i] = model.logits(heldoutX[i]);
        }
        double before = CalibrationError.expected(TemperatureScaling.probabilities(logits, 1), heldoutY,
                CalibrationError.DEFAULT_BINS);
        int folds = Math.min(CALIBRATION_FOLDS, heldoutX.length);
        double after = folds < 2 ? before : TemperatureScaling.crossValidatedCalibrationError(logits, heldoutY, folds,
                CalibrationError.DEFAULT_BINS);
        return new Calibration(TemperatureScaling.fit(logits, heldoutY), before, after);
    }

    /** Moves a stratified, seeded fraction of each label's examples from {@code train} to {@code heldout}. */
    public static void split(List<LabelledText> train, List<LabelledText> heldout, double fraction, long seed) {
        Map<String, List<LabelledText>> byLabel = new LinkedHashMap<>();
        for (LabelledText example : train) {
            byLabel.computeIfAbsent(example.label(), label -> new ArrayList<>()).add(example);
        }
        Random random = new Random(seed);
        train.clear();
        for (List<LabelledText> examples : byLabel.values()) {
            Collections.shuffle(examples, random);
            int held = (int) Math.round(examples.size() * fraction);
            heldout.addAll(examples.subList(0, held));
            train.addAll(examples.subList(held, examples.size()));
        }
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
