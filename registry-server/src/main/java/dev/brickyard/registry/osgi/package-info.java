/**
 * The registry as an OSGi repository: {@code GET /osgi/index.xml} lists every published brick version as an OSGi
 * Repository 1.0 resource, so bnd, Bndtools or any OSGi resolver can resolve bricks against a host's base model.
 */
package dev.brickyard.registry.osgi;
