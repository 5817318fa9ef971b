package dev.brickyard.host.http.v2;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.host.http.HostException;
import dev.brickyard.http.problem.ErrorCode;

/**
 * How a brick id, {@code namespace/name}, stands in the {@code {name}} segment of a {@code /v2} URL, whose slash
 * would split it. Two spellings are accepted: the id with its slash percent-encoded ({@code brickyard%2Fsentiment},
 * which the path parameter arrives decoded as) and the bundle's symbolic name ({@code brickyard.sentiment}). Neither
 * part of an id may hold a dot, so the dot form is never ambiguous. Answers always name the model by its id.
 */
final class ModelName {
    private ModelName() {
    }

    /**
     * The brick a URL segment names.
     *
     * @throws HostException {@code brick_not_installed} (404) when the segment cannot name a brick at all: no model
     *                       of that name exists
     */
    static BrickId parse(String segment) {
        if (BrickId.isValid(segment)) {
            return BrickId.parse(segment);
        }
        int dot = segment == null ? -1 : segment.indexOf('.');
        if (dot > 0 && dot == segment.lastIndexOf('.') && BrickId.isValid(segment.replace('.', '/'))) {
            return BrickId.parse(segment.replace('.', '/'));
        }
        throw new HostException(ErrorCode.BRICK_NOT_INSTALLED, "no model is named '" + segment + "': a model is "
                + "an installed brick, named namespace%2Fname or namespace.name in the URL (e.g. "
                + "brickyard%2Fsentiment or brickyard.sentiment)");
    }

    /** The URL form of an id, {@code namespace.name}, which needs no escaping. */
    static String urlForm(BrickId id) {
        return id.symbolicName();
    }
}
