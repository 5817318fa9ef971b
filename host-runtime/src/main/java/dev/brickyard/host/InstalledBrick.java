package dev.brickyard.host;

import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import java.util.List;

/**
 * A brick as the host holds it.
 *
 * @param bundleId the OSGi bundle that carries it; for an earlier version restored after a restart, 0 (its bundle
 *                 belonged to the earlier run)
 * @param sha256 digest of the archive it was installed from
 * @param weightBytes bytes of weights loaded for it
 * @param source where its bundle came from
 */
public record InstalledBrick(BrickId id, SemVer version, BrickKind kind, List<String> labels, long bundleId,
                             String sha256, long weightBytes, BrickSource source) {
    public InstalledBrick {
        labels = List.copyOf(labels);
    }

    @Override
    public String toString() {
        return id + "@" + version;
    }
}
