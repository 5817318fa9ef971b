/**
 * The brick registry: publishes, versions, searches and serves bricks over HTTP. The module exists so the build
 * has its final shape; its server arrives with the registry issue.
 */
package dev.brickyard.registry;
