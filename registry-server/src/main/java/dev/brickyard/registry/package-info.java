/**
 * The brick registry: {@link dev.brickyard.registry.RegistryServer} serves the REST API, the web pages, the OSGi
 * repository index and the event stream over a {@link dev.brickyard.registry.store.BrickStore} (H2 or PostgreSQL)
 * and a content-addressed {@link dev.brickyard.registry.blob.BlobStore}.
 */
package dev.brickyard.registry;
