/** The host's side of a registry: resolving references, downloading bundles with their digest checked, following events. */
package dev.brickyard.host.registry;
