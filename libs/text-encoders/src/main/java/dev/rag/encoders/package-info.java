/**
 * BERT-family text encoders on ONNX Runtime: embedding models (bi-encoders) and cross-encoders.
 *
 * <p>Sub-packages by concept: {@code model} loads a model directory or the bundled bge-small,
 * {@code tokenize} wraps the HuggingFace tokenizer, {@code inference} batches and runs the graph,
 * {@code onnx} writes ONNX models (used to build reproducible test and benchmark models).
 */
package dev.rag.encoders;
