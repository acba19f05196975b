package dev.rag.llm.backend.cpu;

import dev.rag.llm.backend.Backend;
import dev.rag.llm.kv.PagedKvCache;
import dev.rag.llm.model.ForwardBatch;
import dev.rag.llm.model.LlamaForward;
import dev.rag.llm.model.ModelConfig;
import dev.rag.llm.model.ModelWeights;
import dev.rag.llm.tensor.ActivationFormat;

/** Runs the llama forward pass on the CPU: Vector API kernels, matrix rows split over a thread pool. */
public final class CpuBackend implements Backend {
    private final CpuThreadPool pool;
    private final LlamaForward forward;

    /** With int8 activations for Q8_0/Q4_0 weights (the fast default). */
    public CpuBackend(ModelConfig config, ModelWeights weights, int threads) {
        this(config, weights, threads, ActivationFormat.Q8);
    }

    /** {@code activations}: {@link ActivationFormat#F32} for the exact float path with quantized weights. */
    public CpuBackend(ModelConfig config, ModelWeights weights, int threads, ActivationFormat activations) {
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
    public void close() {
        pool.close();
    }
}
