/**
 * The user's shared cache of downloaded bundles, by content, with an index of what each registry said, so that
 * {@code brick pull}, {@code info} and {@code lock} can work {@code --offline}.
 */
package dev.brickyard.cli.cache;
