/**
 * A minimal ONNX writer: the project's own protobuf encoding of the few ONNX messages a graph needs
 * (model, graph, node, tensor, value info, attribute), with operator-set imports for the default
 * domain and for ONNX Runtime's {@code com.microsoft} contrib operators. Plain Java, no
 * dependencies, so both the BERT test models of text-encoders and the decoder graphs that
 * llm-runtime-ort builds from GGUF weights are written by the same code.
 */
package dev.rag.onnx;
