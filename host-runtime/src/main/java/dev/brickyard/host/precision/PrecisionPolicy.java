package dev.brickyard.host.precision;

import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.PrecisionMetrics;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.logging.Logger;

/**
 * Decides whether a host serving one build of the base model runs a brick trained on another
 * ({@code brick host serve --precision int8 --precision-mismatch warn|refuse}). A brick's card records how many of its
 * held-out answers stay the same on the other build ({@link PrecisionMetrics}); below
 * {@link PrecisionMetrics#MIN_AGREEMENT} the build changes its answers, and the host warns (the default) or refuses
 * the brick. A brick whose card does not say is run with a warning under both modes: refusing every unmeasured brick
 * would refuse most bricks published before the measurement existed.
 */
public final class PrecisionPolicy {
    private static final Logger LOG = Logger.getLogger(PrecisionPolicy.class.getName());

    /** What a host does with a brick whose card shows that the host's build changes its answers. */
    public enum Mismatch {
        /** Install it and log a warning; the brick's listing shows the verdict. */
        WARN,
        /** Refuse it with {@link PrecisionMismatchException}. */
        REFUSE
    }

    private final BaseModelVariant served;
    private final Mismatch mismatch;

    public PrecisionPolicy(BaseModelVariant served, Mismatch mismatch) {
        this.served = served;
        this.mismatch = mismatch;
    }

    public Mismatch mismatch() {
        return mismatch;
    }

    /** What the brick's card says about running it on this host's build. */
    public PrecisionVerdict verdict(BrickManifest manifest) {
        Optional<BaseModelVariant> trainedOn = PrecisionMetrics.trainedOn(manifest);
        if (trainedOn.isEmpty() || trainedOn.get() == served) {
            return new PrecisionVerdict(trainedOn.map(BaseModelVariant::precision).orElse(null), served.precision(),
                    null, PrecisionVerdict.Outcome.SAME_BUILD);
        }
        OptionalDouble agreement = PrecisionMetrics.agreement(manifest, served);
        if (agreement.isEmpty()) {
            return new PrecisionVerdict(trainedOn.get().precision(), served.precision(), null,
                    PrecisionVerdict.Outcome.NOT_MEASURED);
        }
        return new PrecisionVerdict(trainedOn.get().precision(), served.precision(), agreement.getAsDouble(),
                PrecisionMetrics.changesAnswers(agreement.getAsDouble()) ? PrecisionVerdict.Outcome.CHANGES_ANSWERS
                        : PrecisionVerdict.Outcome.ANSWERS_UNCHANGED);
    }

    /**
     * Checks a brick about to be installed, swapped in, rolled back to or restored: refuses it under {@code refuse}
     * when its card shows this build changes its answers, and logs a warning when it is served anyway.
     */
    public PrecisionVerdict check(BrickManifest manifest) throws PrecisionMismatchException {
        PrecisionVerdict verdict = verdict(manifest);
        String brick = manifest.id() + "@" + manifest.version();
        if (verdict.outcome() == PrecisionVerdict.Outcome.CHANGES_ANSWERS && mismatch == Mismatch.REFUSE) {
            throw new PrecisionMismatchException(verdict.describe(brick) + "; --precision-mismatch refuse refuses it "
                    + "(serve " + verdict.trainedOn() + " with --precision " + verdict.trainedOn()
                    + ", or use --precision-mismatch warn)", verdict);
        }
        if (verdict.warns()) {
            LOG.warning(verdict.describe(brick));
        }
        return verdict;
    }
}
