/** Batching: concurrent requests share one base-model run, for throughput near ONNX Runtime's batch throughput. */
package dev.brickyard.host.batch;
