/**
 * One class per storage format (F32, F16, BF16, Q8_0, Q4_0, ...), each with a Vector API dot
 * product, plus {@link dev.rag.llm.tensor.quant.Quantizer} for quantization on load and {@link
 * dev.rag.llm.tensor.quant.TensorFormats}, which picks the class for a GGUF type. Block layouts
 * follow ggml: Q8_0 = fp16 scale + 32 int8; Q4_0 = fp16 scale + 16 bytes of nibbles (low nibbles
 * are elements 0..15, high nibbles 16..31), value = scale * (nibble - 8).
 */
package dev.rag.llm.tensor.quant;
