package dev.brickyard.base;

import dev.brickyard.api.manifest.BrickManifest;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a brick's metrics say about running it on a base model build other than the one it was trained on. The build
 * a brick was trained on is the one whose digest its {@code base.digest} names; {@code brick precision} (and
 * {@code brick train}) measure its held-out answers on the other build and record, for example,
 * {@code heldout_agreement_int8}: the share of held-out answers that stay the same there.
 */
public final class PrecisionMetrics {
    /**
     * Below this share of unchanged held-out answers a brick's card shows that the other build changes its answers;
     * a host serving that build warns about the brick or refuses it.
     */
    public static final double MIN_AGREEMENT = 0.98;

    private PrecisionMetrics() {
    }

    /** The metric holding the share of held-out answers unchanged on this build. */
    public static String agreementKey(BaseModelVariant variant) {
        return "heldout_agreement_" + variant.precision();
    }

    /** Whether this share of unchanged answers counts as the build changing the brick's answers. */
    public static boolean changesAnswers(double agreement) {
        return agreement < MIN_AGREEMENT;
    }

    /** The build the brick was trained on, when its {@code base.digest} names one of ours. */
    public static Optional<BaseModelVariant> trainedOn(BrickManifest manifest) {
        return manifest.base() == null ? Optional.empty() : BaseModelVariant.byDigest(manifest.base().digest());
    }

    /** The measured share of unchanged held-out answers on this build, if the brick's metrics record it. */
    public static OptionalDouble agreement(BrickManifest manifest, BaseModelVariant variant) {
        Double agreement = manifest.metrics().get(agreementKey(variant));
        return agreement == null ? OptionalDouble.empty() : OptionalDouble.of(agreement);
    }
}
