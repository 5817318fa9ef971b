/**
 * The wire documents of the Open Inference Protocol (KServe v2, Triton's HTTP/REST protocol) that the host serves
 * under {@code /v2}: server and model metadata, health, inference with tensors, and the model repository extension.
 */
package dev.brickyard.http.host.v2;
