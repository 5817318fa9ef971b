/** How commands print: JSON for scripts, aligned and coloured tables for people, progress bars on a terminal. */
package dev.brickyard.cli.output;
