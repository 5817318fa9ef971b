package dev.brickyard.host.route;

import dev.brickyard.api.version.BrickId;

/** How close an input is to a brick's routing key: the cosine similarity of the two unit vectors. */
public record RouteScore(BrickId brick, float score) {
}
