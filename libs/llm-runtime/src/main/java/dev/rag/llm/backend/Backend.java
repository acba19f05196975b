package dev.rag.llm.backend;

import dev.rag.llm.kv.PagedKvCache;
import dev.rag.llm.model.ForwardBatch;
import dev.rag.llm.model.ModelConfig;

/**
 * Executes forward passes: weights are bound at construction; a batch description and the paged K/V
 * storage go in, logits come out. Implementations decide how (CPU SIMD, ONNX Runtime, ...).
 */
public interface Backend extends AutoCloseable {

  ModelConfig config();

  /**
   * Runs the batch; returns per slice the logits [vocab] after its last token, or null where not
   * wanted.
   */
  float[][] forward(ForwardBatch batch, PagedKvCache cache);

  /**
   * Runs the batch; returns per slice the logits after each of its last {@code logitRows} tokens
   * (oldest first), or null where none are wanted. Only backends that {@link #verifiesDrafts()}
   * accept slices with more than one row.
   */
  default float[][][] forwardRows(ForwardBatch batch, PagedKvCache cache) {
    if (batch.wantsSeveralRows()) {
      throw new UnsupportedOperationException(
          "this backend returns only the last token's logits; speculative decoding needs more");
    }
    float[][] last = forward(batch, cache);
    float[][][] rows = new float[last.length][][];
    for (int s = 0; s < last.length; s++) {
      rows[s] = last[s] == null ? null : new float[][] {last[s]};
    }
    return rows;
  }

  /** Whether {@link #forwardRows} returns several rows per slice (needed to verify drafts). */
  default boolean verifiesDrafts() {
    return false;
  }

  @Override
  void close();
}
