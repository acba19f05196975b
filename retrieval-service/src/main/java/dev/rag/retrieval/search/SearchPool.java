package dev.rag.retrieval.search;

import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The bounded pool of platform threads that runs every search and query embedding ({@code
 * rag.retrieval.search-threads}).
 *
 * <p>Platform threads, because the query model's ONNX Runtime call is native and would pin a
 * virtual thread's carrier (the service's request threads are virtual: a few concurrent model runs
 * on them would stall every other request, as measured on embedding-service). Bounded, so that a
 * burst of requests queues instead of running more ONNX Runtime and Lucene work at once than there
 * are cores. The queue holds 16 tasks per thread: deep enough for bursts, shallow enough that a
 * refused task fails at once rather than after the search timeout. Tasks run in the submitting
 * request's context (its trace), so a search or model run shows up inside the request's span.
 */
public final class SearchPool implements AutoCloseable {

  /** The failure a refused task reports: the service is at capacity, not broken. */
  public static final String QUEUE_FULL = "search queue full";

  /** How long a client refused for a full queue is asked to wait. */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final ExecutorService threads;
  private final int size;

  public SearchPool(int size) {
    if (size < 1 || size > 1024) {
      throw new IllegalArgumentException("size must be in [1, 1024], was " + size);
    }
    this.size = size;
    AtomicInteger number = new AtomicInteger();
    ExecutorService pool =
        new ThreadPoolExecutor(
            size,
            size,
            0,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(16 * size),
            task -> {
              Thread thread = new Thread(task, "retrieval-search-" + number.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.AbortPolicy());
    this.threads = ContextExecutorService.wrap(pool, ContextSnapshotFactory.builder().build());
  }

  /**
   * Runs {@code task} on the pool; when the queue is full, the future holds {@code
   * onRefusal("search queue full")} instead.
   */
  public <T> Future<T> submit(Callable<T> task, Function<String, T> onRefusal) {
    try {
      return threads.submit(task);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(onRefusal.apply(QUEUE_FULL));
    }
  }

  /**
   * Runs {@code task} on the pool, for request threads that must not run native code themselves.
   *
   * @throws RejectedExecutionException when the queue is full
   */
  public <T> Future<T> submit(Callable<T> task) {
    return threads.submit(task);
  }

  /** Threads running tasks side by side. */
  public int threads() {
    return size;
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
