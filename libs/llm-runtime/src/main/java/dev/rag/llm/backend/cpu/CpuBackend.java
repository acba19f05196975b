package dev.rag.llm.backend.cpu;

import dev.rag.llm.backend.Backend;
import dev.rag.llm.kv.PagedKvCache;
import dev.rag.llm.model.ForwardBatch;
import dev.rag.llm.model.LlamaForward;
import dev.rag.llm.model.ModelConfig;
import dev.rag.llm.model.ModelWeights;

/** Runs the llama forward pass on the CPU: Vector API kernels, matrix rows split over a thread pool. */
public final class CpuBackend implements Backend {
    private final CpuThreadPool pool;
    private final LlamaForward forward;

    public CpuBackend(ModelConfig config, ModelWeights weights, int threads) {
        this.pool = new CpuThreadPool(threads);
        this.forward = new LlamaForward(config, weights, pool);
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
