/**
 * ONNX graphs the bricks carry: building a head's graph from trained weights and a knowledge brick's key graph from
 * key embeddings with the ONNX protobuf classes, and reading any graph's input and output signature through ONNX
 * Runtime.
 */
package dev.brickyard.base.onnx;
