/**
 * {@code brick host}: runs a long-lived host ({@code serve}) and talks to a running one (list, install, swap,
 * rollback, remove, infer) over its HTTP API.
 */
package dev.brickyard.cli.host;
