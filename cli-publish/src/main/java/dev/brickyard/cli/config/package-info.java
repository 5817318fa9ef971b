/** What {@code brick} keeps between runs in the user's config folder: registry tokens from {@code brick login}. */
package dev.brickyard.cli.config;
