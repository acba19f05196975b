package dev.rag.llm.backend.cpu;

import dev.rag.llm.tensor.ParallelFor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs data-parallel loops on the calling thread plus {@code threads - 1} workers. A range is cut
 * into about four chunks per thread, which all threads take from a shared counter (load balance
 * without a hand-off per chunk). The caller works too, and idle workers poll for the next loop for
 * a short while before parking: a decode step runs about a hundred loops of 0.1–1 ms back to back,
 * and waking a parked thread took long enough (tens of microseconds) that two threads were no
 * faster than one on a 2048 x 2048 matrix when a fork/join pool did the hand-off.
 */
public final class CpuThreadPool implements ParallelFor, AutoCloseable {
  /** How long an idle worker polls for the next loop before it parks. */
  private static final long SPIN_NANOS = 200_000;

  private final int threads;
  private final Thread[] workers;

  /** Set while a loop runs; a nested or concurrent loop runs on its caller alone. */
  private final AtomicBoolean busy = new AtomicBoolean();

  private volatile Job job;
  private volatile boolean closed;

  public CpuThreadPool(int threads) {
    if (threads < 1 || threads > 1024) {
      throw new IllegalArgumentException("threads = " + threads + "; allowed 1..1024");
    }
    this.threads = threads;
    this.workers = new Thread[threads - 1];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = Thread.ofPlatform().daemon().name("llm-cpu-" + (i + 1)).start(this::work);
    }
  }

  public int threads() {
    return threads;
  }

  @Override
  public void run(int n, int grain, RangeBody body) {
    if (n <= 0) {
      return;
    }
    if (workers.length == 0 || n <= grain || !busy.compareAndSet(false, true)) {
      body.run(0, n);
      return;
    }
    try {
      Job j = new Job(n, Math.max(grain, (n + threads * 4 - 1) / (threads * 4)), body);
      job = j;
      for (Thread w : workers) {
        LockSupport.unpark(w);
      }
      j.work();
      j.awaitChunksInProgress();
      job = null;
      j.rethrow();
    } finally {
      busy.set(false);
    }
  }

  private void work() {
    Job last = null;
    long idleSince = System.nanoTime();
    while (!closed) {
      Job j = job;
      if (j != null && j != last) {
        last = j;
        j.work();
        idleSince = System.nanoTime();
      } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
        Thread.onSpinWait();
      } else {
        LockSupport.park(this);
      }
    }
  }

  /** One loop: its chunks, the next one to take, how many are done, and the first failure. */
  private static final class Job {
    private final int n;
    private final int chunk;
    private final int chunks;
    private final RangeBody body;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Job(int n, int chunk, RangeBody body) {
      this.n = n;
      this.chunk = chunk;
      this.chunks = (n + chunk - 1) / chunk;
      this.body = body;
    }

    void work() {
      for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
        try {
          if (failure.get() == null) {
            body.run(c * chunk, Math.min(n, (c + 1) * chunk));
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        } finally {
          done.incrementAndGet();
        }
      }
    }

    /** Every chunk has been taken; waits for the ones other threads are still running (short). */
    void awaitChunksInProgress() {
      for (int spins = 0; done.get() < chunks; spins++) {
        if (spins < 10_000) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
        }
      }
    }

    void rethrow() {
      Throwable t = failure.get();
      if (t instanceof RuntimeException e) {
        throw e;
      }
      if (t instanceof Error e) {
        throw e;
      }
      if (t != null) {
        throw new IllegalStateException(t);
      }
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
