/**
 * A random-weight BERT cross-encoder built from standard opset-17 operators and written with the
 * project's own ONNX writer ({@code dev.rag.onnx} in {@code libs/onnx-model}). It exists so
 * cross-encoder inference can be verified against an independent implementation, and benchmarked at
 * real model shapes, without downloading any model.
 */
package dev.rag.encoders.onnx;
