package dev.rag.llm.backend.cpu;

import dev.rag.llm.backend.Backend;
import dev.rag.llm.kv.PagedKvCache;
import dev.rag.llm.model.ForwardBatch;
import dev.rag.llm.model.LlamaForward;
import dev.rag.llm.model.ModelConfig;
import dev.rag.llm.model.ModelWeights;
import dev.rag.llm.tensor.ActivationFormat;

/**
 * Runs the llama forward pass on the CPU: Vector API kernels, matrix rows split over a thread pool.
 */
public final class CpuBackend implements Backend {
  private final CpuThreadPool pool;
  private final LlamaForward forward;

  /** With float activations (the exact path, the default). */
  public CpuBackend(ModelConfig config, ModelWeights weights, int threads) {
    this(config, weights, threads, ActivationFormat.F32);
  }

  /**
   * {@code activations}: {@link ActivationFormat#Q8} for int8 activations with Q8_0/Q4_0 weights
   * (faster).
   */
  public CpuBackend(
      ModelConfig config, ModelWeights weights, int threads, ActivationFormat activations) {
    this.pool = new CpuThreadPool(threads);
    this.forward = new LlamaForward(config, weights, pool, activations);
  }

  @Override
  public ModelConfig config() {
    return forward.config();
  }

  @Override
  public float[][] forward(ForwardBatch batch, PagedKvCache cache) {
    return forward.forward(batch, cache);
  }

  @Override
  public float[][][] forwardRows(ForwardBatch batch, PagedKvCache cache) {
    return forward.forwardRows(batch, cache);
  }

  @Override
  public boolean verifiesDrafts() {
    return true;
  }

  @Override
  public void close() {
    pool.close();
  }
}
