/**
 * The authoring library: everything that makes a brick (training, fitting, neuron finding, merging, composing,
 * cards and metadata, packing), with no command line and no server. {@code brick}'s commands are thin wrappers over it.
 */
package dev.brickyard.tools;
