package dev.brickyard.host.http;

import dev.brickyard.host.InstalledBrick;
import java.util.List;

/**
 * An installed brick as the API shows it.
 *
 * @param previousVersions the versions a rollback can return to, the most recent first
 */
public record BrickDocument(String id, String version, String kind, List<String> labels, String digest,
                            long weightBytes, List<String> previousVersions) {
    static BrickDocument of(InstalledBrick brick, List<InstalledBrick> history) {
        return new BrickDocument(brick.id().toString(), brick.version().toString(), brick.kind().jsonName(),
                brick.labels(), brick.sha256(), brick.weightBytes(),
                history.stream().map(previous -> previous.version().toString()).toList());
    }
}
