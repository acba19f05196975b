/**
 * Weight tensors as flat element streams in a storage format, with a SIMD dot product per format
 * ({@link dev.rag.llm.tensor.quant}) and scalar reference operations to test them against.
 */
package dev.rag.llm.tensor;
