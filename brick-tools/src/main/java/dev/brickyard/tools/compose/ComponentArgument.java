package dev.brickyard.tools.compose;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.DistTag;
import dev.brickyard.api.version.VersionRange;
import dev.brickyard.tools.InvalidInputException;
import java.util.Optional;

/**
 * One {@code --component} of {@code brick compose}: {@code ns/name[@range|@tag][=weight]}, e.g.
 * {@code acme/mood@^1.2=2} or {@code acme/mood@stable}.
 * A range may itself hold {@code =} ({@code >=1.0}, {@code =1.2.0}), so the weight is the text after the last
 * {@code =} only when that text is a number and what comes before it is still a whole reference.
 *
 * @param range empty when none is written: the command then takes {@code ^} of the newest version, or of the version
 *              the dist-tag points at (a recipe names ranges, which a published composite keeps, while a tag moves)
 * @param tag the dist-tag written instead of a range, if any
 * @param weight 1 when none is written
 */
public record ComponentArgument(BrickId brick, Optional<VersionRange> range, Optional<String> tag, double weight) {
    /**
     * Parses one argument.
     *
     * @throws InvalidInputException naming the argument and what is wrong with it
     */
    public static ComponentArgument parse(String text) throws InvalidInputException {
        String reference = text.strip();
        double weight = 1;
        int equals = reference.lastIndexOf('=');
        if (equals > 0 && isNumber(reference.substring(equals + 1)) && isReference(reference.substring(0, equals))) {
            weight = Double.parseDouble(reference.substring(equals + 1));
            reference = reference.substring(0, equals);
        }
        if (!(weight > 0) || !Double.isFinite(weight)) {
            throw new InvalidInputException("--component '" + text + "': the weight must be a number greater than 0");
        }
        int at = reference.indexOf('@');
        String id = at < 0 ? reference : reference.substring(0, at);
        if (!BrickId.isValid(id)) {
            throw new InvalidInputException("--component '" + text + "': '" + id + "' is not a brick id such as "
                    + "acme/sentiment (write ns/name@range=weight, e.g. acme/sentiment@^1.2=2)");
        }
        Optional<VersionRange> range = Optional.empty();
        Optional<String> tag = Optional.empty();
        if (at >= 0 && DistTag.isValid(reference.substring(at + 1).strip())) {
            tag = Optional.of(reference.substring(at + 1).strip());
        } else if (at >= 0) {
            try {
                range = Optional.of(VersionRange.parse(reference.substring(at + 1)));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("--component '" + text + "': " + e.getMessage());
            }
        }
        return new ComponentArgument(BrickId.parse(id), range, tag, weight);
    }

    private static boolean isNumber(String text) {
        return text.strip().matches("[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?|\\.[0-9]+");
    }

    private static boolean isReference(String text) {
        int at = text.indexOf('@');
        if (at < 0) {
            return BrickId.isValid(text.strip());
        }
        try {
            if (!DistTag.isValid(text.substring(at + 1).strip())) {
                VersionRange.parse(text.substring(at + 1));
            }
            return BrickId.isValid(text.substring(0, at).strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
