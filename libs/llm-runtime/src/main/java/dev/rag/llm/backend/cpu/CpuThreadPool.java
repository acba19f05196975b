package dev.rag.llm.backend.cpu;

import dev.rag.llm.tensor.ParallelFor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Runs data-parallel loops on a fork/join pool of {@code threads} workers. A range is split in
 * halves down to about four chunks per thread, so idle workers steal the rest (load balance) while
 * each chunk stays large enough to amortise the hand-off.
 */
public final class CpuThreadPool implements ParallelFor, AutoCloseable {
    private final ForkJoinPool pool;
    private final int threads;

    public CpuThreadPool(int threads) {
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("threads = " + threads + "; allowed 1..1024");
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads);
    }

    public int threads() {
        return threads;
    }

    @Override
    public void run(int n, int grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        if (pool == null || n <= grain) {
            body.run(0, n);
            return;
        }
        int chunk = Math.max(grain, (n + threads * 4 - 1) / (threads * 4));
        pool.invoke(new Range(0, n, chunk, body));
    }

    private static final class Range extends RecursiveAction {
        private final int from;
        private final int to;
        private final int chunk;
        private final RangeBody body;

        Range(int from, int to, int chunk, RangeBody body) {
            this.from = from;
            this.to = to;
            this.chunk = chunk;
            this.body = body;
        }

        @Override
        protected void compute() {
            if (to - from <= chunk) {
                body.run(from, to);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Range(from, mid, chunk, body), new Range(mid, to, chunk, body));
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
