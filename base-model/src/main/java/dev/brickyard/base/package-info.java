/**
 * The base model, all-MiniLM-L6-v2 on ONNX Runtime: a pure-Java WordPiece tokenizer, batched sentence embeddings
 * (mean pooling, L2 normalisation). Knows nothing of OSGi or HTTP; the host, the registry and the CLI share it.
 */
package dev.brickyard.base;
