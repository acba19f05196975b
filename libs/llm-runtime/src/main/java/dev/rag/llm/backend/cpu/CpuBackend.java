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
  private final boolean ownsPool;
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
    this(new CpuThreadPool(threads), true, config, weights, activations);
  }

  private CpuBackend(
      CpuThreadPool pool,
      boolean ownsPool,
      ModelConfig config,
      ModelWeights weights,
      ActivationFormat activations) {
    this.pool = pool;
    this.ownsPool = ownsPool;
    this.forward = new LlamaForward(config, weights, pool, activations);
  }

  /**
   * Another model (a speculative draft) on this backend's threads: the two run in turn, never at
   * once, and a second pool's idle workers would only compete with this one's for the cores.
   * Closing it leaves the threads to this backend.
   */
  public CpuBackend sharingThreads(ModelConfig config, ModelWeights weights) {
    return new CpuBackend(pool, false, config, weights, forward.activations());
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
    if (ownsPool) {
      pool.close();
    }
  }
}
