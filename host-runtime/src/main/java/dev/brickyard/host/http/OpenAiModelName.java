package dev.brickyard.host.http;

import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.http.problem.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A model name of the host's OpenAI-compatible endpoints: the base model alone ({@code all-minilm-l6-v2}) or with
 * adapters and neuron bricks applied, each joined with {@code +} ({@code all-minilm-l6-v2+acme/terms+acme/quiet}), the
 * way {@code POST /v1/infer} applies the inside bricks its {@code bricks} name. A brick may carry the version it must
 * be at ({@code acme/terms@1.0.0}), as the answers name them.
 *
 * @param text the name as the client sent it
 * @param bricks the adapters and neuron bricks named, in the order named
 * @param versions for each brick, the version it must be at, or null for whatever is installed
 */
record OpenAiModelName(String text, List<BrickId> bricks, List<SemVer> versions) {
    /**
     * A {@code +} that starts a brick id ({@code ns/name}): a version's build metadata ({@code 1.0.0+build.5}) holds
     * no {@code /}, so it is not split off.
     */
    private static final Pattern JOIN = Pattern.compile("\\+(?=[^+@/]*/)");

    OpenAiModelName {
        bricks = List.copyOf(bricks);
        versions = java.util.Collections.unmodifiableList(new ArrayList<>(versions));
    }

    /**
     * Reads a model name for a host whose base model is {@code base}.
     *
     * @throws HostException {@code bad_request} when there is no name, {@code model_not_found} when it names another
     *                       base model or something that is not a brick id
     */
    static OpenAiModelName parse(String text, String base) {
        if (text == null || text.isBlank()) {
            throw HostException.about("model", ErrorCode.BAD_REQUEST, "\"model\" is required: " + base
                    + ", or " + base + "+<adapter or neuron brick>...; GET /v1/models lists them");
        }
        String[] parts = JOIN.split(text, -1);
        if (!parts[0].equals(base)) {
            throw notFound(text, "this host serves the base model " + base + ", alone or with adapters and neuron "
                    + "bricks joined with '+' (" + base + "+acme/terms); GET /v1/models lists them");
        }
        List<BrickId> bricks = new ArrayList<>();
        List<SemVer> versions = new ArrayList<>();
        Set<BrickId> seen = new LinkedHashSet<>();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            int at = part.indexOf('@');
            BrickId id;
            SemVer version = null;
            try {
                id = BrickId.parse(at < 0 ? part : part.substring(0, at));
                if (at >= 0) {
                    version = SemVer.parse(part.substring(at + 1));
                }
            } catch (IllegalArgumentException e) {
                throw notFound(text, "'" + part + "' is not a brick such as acme/terms or acme/terms@1.0.0");
            }
            if (!seen.add(id)) {
                throw HostException.about("model", ErrorCode.BAD_REQUEST, "the model '" + text + "' names " + id
                        + " twice; name each brick once");
            }
            bricks.add(id);
            versions.add(version);
        }
        return new OpenAiModelName(text, bricks, versions);
    }

    /**
     * The installed bricks this name applies, in the order named.
     *
     * @param installed the installed bricks, of every kind
     * @throws HostException {@code model_not_found} when a named brick is not installed, is not an adapter or neuron
     *                       brick, or is at another version than the name asks for
     */
    List<InstalledBrick> resolve(List<InstalledBrick> installed) {
        List<InstalledBrick> applied = new ArrayList<>();
        for (BrickId id : bricks) {
            InstalledBrick brick = installed.stream().filter(b -> b.id().equals(id)).findFirst()
                    .orElseThrow(() -> notFound(text, id + " is not installed"));
            if (!inside(brick)) {
                throw notFound(text, brick + " is a " + brick.kind().jsonName() + " brick; only adapters and neuron "
                        + "bricks change the embedding");
            }
            applied.add(brick);
        }
        requireVersions(applied);
        return applied;
    }

    /** Whether a brick changes the base model's run (an adapter or a neuron brick), so it can be part of a model. */
    static boolean inside(InstalledBrick brick) {
        return brick.kind() == BrickKind.ADAPTER || brick.kind() == BrickKind.NEURONS;
    }

    /**
     * Checks that the bricks that ran are at the versions this name asks for.
     *
     * @throws HostException {@code model_not_found} naming the brick and the version installed
     */
    void requireVersions(List<InstalledBrick> applied) {
        for (int i = 0; i < bricks.size(); i++) {
            SemVer wanted = versions.get(i);
            if (wanted == null) {
                continue;
            }
            for (InstalledBrick brick : applied) {
                if (brick.id().equals(bricks.get(i)) && !brick.version().equals(wanted)) {
                    throw notFound(text, brick.id() + " is installed at " + brick.version() + ", not " + wanted);
                }
            }
        }
    }

    /** The name of the base model with these bricks at their versions, e.g. {@code all-minilm-l6-v2+acme/terms@1.0.0}. */
    static String of(String base, List<InstalledBrick> applied) {
        StringBuilder name = new StringBuilder(base);
        for (InstalledBrick brick : applied) {
            name.append('+').append(brick.id()).append('@').append(brick.version());
        }
        return name.toString();
    }

    /** A 404 {@code model_not_found} for {@code model}, saying why. */
    static HostException notFound(String model, String why) {
        return HostException.about("model", ErrorCode.MODEL_NOT_FOUND, "the model '" + model + "' does not exist: "
                + why);
    }
}
