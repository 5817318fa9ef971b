package dev.brickyard.host.precision;

import java.util.Locale;

/**
 * What a host found about running a brick on its base model build.
 *
 * @param trainedOn the build the brick was trained on ({@code fp32}, {@code int8}), or null for a brick without one
 *                  (a composite names no build)
 * @param servedAt the build the host runs
 * @param agreement the share of held-out answers the brick's card says stay the same on {@code servedAt}, or null
 *                  when the card does not say (or the builds are the same)
 */
public record PrecisionVerdict(String trainedOn, String servedAt, Double agreement, Outcome outcome) {

    /** What the verdict means for the brick's answers. */
    public enum Outcome {
        /** The host runs the build the brick was trained on (or the brick names no build). */
        SAME_BUILD,
        /** Another build, and the card shows the brick's held-out answers stay the same there. */
        ANSWERS_UNCHANGED,
        /** Another build, and the card shows it changes the brick's answers. */
        CHANGES_ANSWERS,
        /** Another build, and the card does not say what it does to the brick's answers. */
        NOT_MEASURED;

        /** The name in JSON: {@code same-build}, {@code answers-unchanged}, ... */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Whether the host warns about the brick (it serves it anyway unless the policy refuses). */
    public boolean warns() {
        return outcome == Outcome.CHANGES_ANSWERS || outcome == Outcome.NOT_MEASURED;
    }

    /** One sentence for logs and error details. */
    public String describe(String brick) {
        return switch (outcome) {
            case SAME_BUILD -> brick + " runs on the build it was trained on";
            case ANSWERS_UNCHANGED -> String.format(Locale.ROOT, "%s was trained on %s; its card shows %.1f %% of its "
                    + "held-out answers unchanged on %s", brick, trainedOn, 100 * agreement, servedAt);
            case CHANGES_ANSWERS -> String.format(Locale.ROOT, "%s was trained on %s; its card shows only %.1f %% of "
                    + "its held-out answers unchanged on %s, which this host serves", brick, trainedOn,
                    100 * agreement, servedAt);
            case NOT_MEASURED -> brick + " was trained on " + trainedOn + " and its card does not say how its answers "
                    + "change on " + servedAt + ", which this host serves (measure it with brick precision)";
        };
    }
}
