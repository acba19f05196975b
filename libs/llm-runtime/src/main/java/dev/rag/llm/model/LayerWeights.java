package dev.rag.llm.model;

import dev.rag.llm.tensor.Tensor;

/**
 * Weights of one transformer block. Matrices are row-major with {@code rows x cols} = out x in.
 *
 * @param attnNorm [dim]
 * @param wq [dim x dim]
 * @param wk [kvDim x dim]
 * @param wv [kvDim x dim]
 * @param wo [dim x dim]
 * @param bq [dim] or null (qwen2 biases)
 * @param bk [kvDim] or null
 * @param bv [kvDim] or null
 * @param ffnNorm [dim]
 * @param gate [ffnDim x dim]
 * @param down [dim x ffnDim]
 * @param up [ffnDim x dim]
 */
public record LayerWeights(
    float[] attnNorm,
    Tensor wq,
    Tensor wk,
    Tensor wv,
    Tensor wo,
    float[] bq,
    float[] bk,
    float[] bv,
    float[] ffnNorm,
    Tensor gate,
    Tensor down,
    Tensor up) {}
