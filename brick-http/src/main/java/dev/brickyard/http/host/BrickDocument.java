package dev.brickyard.http.host;

import java.util.List;

/**
 * An installed brick as the API shows it.
 *
 * @param previousVersions the versions a rollback can return to, the most recent first
 */
public record BrickDocument(String id, String version, String kind, List<String> labels, String digest,
                            long weightBytes, List<String> previousVersions) {
}
