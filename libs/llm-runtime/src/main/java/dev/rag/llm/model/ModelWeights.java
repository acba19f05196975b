package dev.rag.llm.model;

import dev.rag.llm.tensor.Tensor;

/**
 * All weights of a model.
 *
 * @param tokenEmbedding [vocab x dim]
 * @param layers one entry per block
 * @param outputNorm [dim]
 * @param output [vocab x dim]; the token embedding itself when embeddings are tied
 * @param ropeFreqFactors [ropeDim / 2] divisors of the rotary frequencies ({@code
 *     rope_freqs.weight}, Llama 3.1 context extension), or null
 */
public record ModelWeights(
    Tensor tokenEmbedding,
    LayerWeights[] layers,
    float[] outputNorm,
    Tensor output,
    float[] ropeFreqFactors) {

  /** Without rotary frequency factors. */
  public ModelWeights(
      Tensor tokenEmbedding, LayerWeights[] layers, float[] outputNorm, Tensor output) {
    this(tokenEmbedding, layers, outputNorm, output, null);
  }

  /** Bytes of weights read to produce one token (every matrix once; one embedding row, ignored). */
  public long bytesReadPerToken() {
    long total = output.byteSize();
    for (LayerWeights l : layers) {
      total +=
          l.wq().byteSize()
              + l.wk().byteSize()
              + l.wv().byteSize()
              + l.wo().byteSize()
              + l.gate().byteSize()
              + l.down().byteSize()
              + l.up().byteSize();
    }
    return total;
  }
}
