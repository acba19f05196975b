/**
 * The decoder as an ONNX model, written in Java from the loaded GGUF weights (no export step):
 * {@link dev.rag.llm.ort.graph.DecoderGraph} wires ONNX Runtime's contrib operators
 * (SimplifiedLayerNormalization, SkipSimplifiedLayerNormalization, MatMulNBits, RotaryEmbedding,
 * GroupQueryAttention) and {@link dev.rag.llm.ort.graph.NBitsWeight} maps GGUF Q4_0/Q8_0 blocks
 * into MatMulNBits' layout exactly.
 */
package dev.rag.llm.ort.graph;
