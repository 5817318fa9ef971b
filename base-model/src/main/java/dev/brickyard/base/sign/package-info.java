/**
 * Signed bricks: bundles signed as standard signed JARs (what {@code jarsigner -verify} and OSGi frameworks check),
 * the keys that sign them, in PKCS#12 keystores or PEM files, and the SHA-256 fingerprints that name those keys.
 */
package dev.brickyard.base.sign;
