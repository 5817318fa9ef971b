/**
 * The Open Inference Protocol (KServe v2, Triton's HTTP/REST protocol) on the host: every installed brick is a model
 * named by its brick id, answered through the same inference path as {@code POST /v1/infer}.
 */
package dev.brickyard.host.http.v2;
