/**
 * LoRA adapters as ONNX Runtime loads them: the {@code .onnx_adapter} file (a FlatBuffer), written from and read
 * into float32 tensors, checked strictly enough that a file this package accepts is one ONNX Runtime loads safely.
 */
package dev.brickyard.base.adapter;
