/**
 * The host's HTTP API: inference, reading the base model's FFN activations, OpenAI-compatible embeddings and models,
 * brick administration (install, swap, roll back, uninstall), health, Prometheus metrics and its OpenAPI document,
 * on Jersey and the JDK's HTTP server; the Open Inference Protocol is in {@code v2}.
 */
package dev.brickyard.host.http;
