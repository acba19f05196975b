/**
 * Inference: length-bucketed batching, the ONNX Runtime call, pooling for embedders and logits for
 * cross-encoders. Results come back in the caller's order with the batch sizes used.
 */
package dev.rag.encoders.inference;
