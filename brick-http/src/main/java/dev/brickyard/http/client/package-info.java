/**
 * The one client of each HTTP API: the registry's ({@link dev.brickyard.http.client.RegistryClient}, used by the
 * command line, the host's installer and follower, and the benchmarks) and a running host's
 * ({@link dev.brickyard.http.client.HostClient}); transfer progress, and the exceptions an error answer turns into.
 */
package dev.brickyard.http.client;
