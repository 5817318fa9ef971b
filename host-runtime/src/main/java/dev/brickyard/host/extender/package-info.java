/**
 * The extender: a {@code BundleTracker} that turns every ACTIVE bundle carrying a {@code Brick-Manifest} header
 * into a loaded brick, and unloads it synchronously when the bundle stops. Bricks need no Java code of their own.
 */
package dev.brickyard.host.extender;
