/**
 * Search: an in-memory index of every brick's newest version, refreshed from the store's event clock, ranking by
 * a blend of text match and semantic similarity of base-model embeddings.
 */
package dev.brickyard.registry.search;
