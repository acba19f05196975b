package dev.rag.llm.backend.cpu;

import dev.rag.llm.tensor.ParallelFor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of worker threads for data-parallel loops. The calling thread works too; ranges are
 * handed out in chunks from a shared counter so faster threads take more. Workers spin briefly
 * before parking, because a decode step issues a few hundred short parallel loops.
 */
public final class CpuThreadPool implements ParallelFor, AutoCloseable {
    private static final int SPIN_ITERATIONS = 20_000;

    private final Thread[] workers;
    private volatile Job job;
    private volatile boolean closed;
    private final AtomicInteger generation = new AtomicInteger();

    private static final class Job {
        final int n;
        final int chunk;
        final RangeBody body;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger pending;
        volatile Throwable failure;

        Job(int n, int chunk, RangeBody body, int participants) {
            this.n = n;
            this.chunk = chunk;
            this.body = body;
            this.pending = new AtomicInteger(participants);
        }

        void work() {
            try {
                for (int from = next.getAndAdd(chunk); from < n; from = next.getAndAdd(chunk)) {
                    body.run(from, Math.min(n, from + chunk));
                }
            } catch (Throwable t) {
                failure = t;
                next.set(n);
            } finally {
                pending.decrementAndGet();
            }
        }
    }

    public CpuThreadPool(int threads) {
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("threads = " + threads + "; allowed 1..1024");
        }
        workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = Thread.ofPlatform().daemon().name("llm-cpu-" + i).start(this::workerLoop);
        }
    }

    public int threads() {
        return workers.length + 1;
    }

    private void workerLoop() {
        int seen = 0;
        while (!closed) {
            int spins = 0;
            while (generation.get() == seen && !closed) {
                if (++spins > SPIN_ITERATIONS) {
                    LockSupport.park(this);
                } else {
                    Thread.onSpinWait();
                }
            }
            if (closed) {
                return;
            }
            seen = generation.get();
            Job j = job;
            if (j != null) {
                j.work();
            }
        }
    }

    @Override
    public synchronized void run(int n, int grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int threads = threads();
        if (threads == 1 || n <= grain) {
            body.run(0, n);
            return;
        }
        // About four chunks per thread balances load without much counter traffic.
        int chunk = Math.max(grain, (n + threads * 4 - 1) / (threads * 4));
        Job j = new Job(n, chunk, body, threads);
        job = j;
        generation.incrementAndGet();
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        j.work();
        while (j.pending.get() > 0) {
            Thread.onSpinWait();
        }
        job = null;
        if (j.failure != null) {
            throw new IllegalStateException("parallel task failed: " + j.failure, j.failure);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }
}
