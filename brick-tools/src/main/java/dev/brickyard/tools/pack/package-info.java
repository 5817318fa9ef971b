/**
 * Packing: a brick folder (brick.json, card, weights) becomes an OSGi bundle whose headers bnd generates from
 * brick.json, with reproducible bytes. {@link dev.brickyard.tools.pack.PackTool} packs from a build.
 */
package dev.brickyard.tools.pack;
