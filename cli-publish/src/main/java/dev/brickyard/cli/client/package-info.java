/**
 * The registry's HTTP API seen from the command line: one client, its transfer progress, and the exceptions an
 * error answer turns into (each maps to one exit code).
 */
package dev.brickyard.cli.client;
