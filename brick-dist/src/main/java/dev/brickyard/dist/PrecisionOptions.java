package dev.brickyard.dist;

import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.cli.UsageException;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.precision.PrecisionPolicy;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The base model build a command runs, {@code --precision fp32|int8}, and for hosts what to do with bricks trained on
 * the other build, {@code --precision-mismatch warn|refuse}. {@code --int8}, the flag's old name, still works with a
 * warning.
 */
public final class PrecisionOptions {
    @Option(names = "--precision", paramLabel = "fp32|int8", converter = VariantConverter.class,
            description = "Which build of the base model to run: fp32 (the default, what bricks are trained on) or "
                    + "int8 (about twice as fast at one text, within quantisation error; each brick's card shows how "
                    + "its held-out answers change there).")
    BaseModelVariant precision;

    @Option(names = "--int8", hidden = true, description = "Old name of --precision int8.")
    boolean int8;

    @Option(names = "--precision-mismatch", paramLabel = "warn|refuse", defaultValue = "warn",
            converter = MismatchConverter.class,
            description = "What to do with a brick trained on the other build whose card shows this build changes "
                    + "its answers (fewer than 98 %% of its held-out answers the same): warn and run it, or refuse it "
                    + "(default: ${DEFAULT-VALUE}). A brick whose card does not say runs with a warning.")
    PrecisionPolicy.Mismatch mismatch;

    /** The build to run; warns on {@code err} when the old flag is used. */
    public BaseModelVariant variant(PrintWriter err) throws UsageException {
        if (!int8) {
            return precision == null ? BaseModelVariant.FP32 : precision;
        }
        if (precision == BaseModelVariant.FP32) {
            throw new UsageException("--int8 and --precision fp32 contradict each other; give --precision only");
        }
        err.println("warning: --int8 is deprecated; use --precision int8");
        return BaseModelVariant.INT8;
    }

    /** What to do with a brick whose card shows this build changes its answers. */
    public PrecisionPolicy.Mismatch mismatch() {
        return mismatch;
    }

    /** The options with the build and the mismatch policy these flags choose. */
    public HostOptions apply(HostOptions options, PrintWriter err) throws UsageException {
        return options.withVariant(variant(err)).withPrecisionMismatch(mismatch);
    }

    /** {@code fp32} or {@code int8}, in any case. */
    public static final class VariantConverter implements ITypeConverter<BaseModelVariant> {
        @Override
        public BaseModelVariant convert(String value) {
            return BaseModelVariant.byPrecision(value)
                    .orElseThrow(() -> new TypeConversionException("fp32 or int8, not '" + value + "'"));
        }
    }

    /** {@code warn} or {@code refuse}, in any case. */
    public static final class MismatchConverter implements ITypeConverter<PrecisionPolicy.Mismatch> {
        @Override
        public PrecisionPolicy.Mismatch convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "warn" -> PrecisionPolicy.Mismatch.WARN;
                case "refuse" -> PrecisionPolicy.Mismatch.REFUSE;
                default -> throw new TypeConversionException("warn or refuse, not '" + value + "'");
            };
        }
    }
}
