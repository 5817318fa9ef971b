/** {@code brick registry}: run a registry server and manage its publishing tokens. */
package dev.brickyard.dist.registry;
