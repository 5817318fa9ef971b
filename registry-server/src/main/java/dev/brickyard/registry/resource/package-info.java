/**
 * The HTTP API: Jersey resources that throw {@link dev.brickyard.registry.resource.RegistryException} and exception
 * mappers that turn every failure into {@code application/problem+json}.
 */
package dev.brickyard.registry.resource;
