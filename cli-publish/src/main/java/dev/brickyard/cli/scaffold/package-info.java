/** {@code brick new}: a brick folder to start from, which {@code brick train} and {@code brick pack} accept as is. */
package dev.brickyard.cli.scaffold;
