/**
 * {@code brick pack} and {@code brick verify}: a brick folder becomes an OSGi bundle whose headers bnd generates
 * from brick.json, and any bundle can be checked against the format.
 */
package dev.brickyard.cli.pack;
