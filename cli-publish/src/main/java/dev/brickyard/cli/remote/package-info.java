/**
 * The commands that talk to a registry: login, logout, publish, search, info, pull, yank and unyank, with the
 * shared {@code --registry} option and where tokens come from.
 */
package dev.brickyard.cli.remote;
