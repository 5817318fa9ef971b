package dev.brickyard.host;

import dev.brickyard.api.BrickId;
import dev.brickyard.api.Classification;
import dev.brickyard.api.SemVer;

/** What one brick, at one exact version, said about one input. */
public record BrickAnswer(BrickId brick, SemVer version, Classification classification) {
}
