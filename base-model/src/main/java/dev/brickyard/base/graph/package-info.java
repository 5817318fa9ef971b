/**
 * The configurable base graph: graph surgery that gives the base model neuron masks, activation outputs and LoRA
 * sites, and the bricks that live inside the model (LoRA adapters, neuron masks) applied per run.
 */
package dev.brickyard.base.graph;
