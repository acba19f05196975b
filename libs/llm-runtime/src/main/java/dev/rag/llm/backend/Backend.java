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

  @Override
  void close();
}
