/**
 * The HTTP APIs the command line talks to: the registry's ({@link dev.brickyard.cli.client.RegistryClient}) and a
 * running host's ({@link dev.brickyard.cli.client.HostClient}), transfer progress, and the exceptions an error
 * answer turns into (each maps to one exit code).
 */
package dev.brickyard.cli.client;
