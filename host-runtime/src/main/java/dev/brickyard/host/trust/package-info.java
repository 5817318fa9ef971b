/**
 * The host's trust policy ({@code --trust FILE}): which keys may sign bricks of which namespaces, whether unsigned
 * bricks are refused, warned about or not checked, and whether {@code --follow} may name any namespace.
 */
package dev.brickyard.host.trust;
