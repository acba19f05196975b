package dev.rag.ingest.pipeline;

import dev.rag.ingest.config.IngestProperties;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs accepted documents in the background, at most {@code rag.ingest.parse-concurrency} at a
 * time. Waiting tasks are cheap virtual threads; their work is persisted (job rows and staged
 * files), so nothing queued here is lost to a restart: {@code JobRecovery} resubmits it.
 *
 * <p>On shutdown (a lifecycle phase after the web server has stopped taking requests, before the
 * database and the Kafka producer close) the queue is drained for up to {@link #DRAIN} (below the
 * 30 s of a shutdown phase, and within Kubernetes' 45 s grace period after the 5 s preStop pause):
 * what starts in that time is finished, what is still queued afterwards is handed back: it stays
 * PENDING with its staged file and resumes at the next start. A document still running when the
 * process exits resumes the same way.
 */
@Component
public class IngestWorkers implements SmartLifecycle, DisposableBean {

  /** After the web server's graceful shutdown and stop, so a request in flight can still submit. */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  /** How long a shutdown keeps starting queued documents. */
  static final Duration DRAIN = Duration.ofSeconds(20);

  private static final Logger log = LoggerFactory.getLogger(IngestWorkers.class);

  /** A task runs in the trace of the request or record that submitted it (README, Tracing). */
  private final ExecutorService executor =
      ContextExecutorService.wrap(
          Executors.newVirtualThreadPerTaskExecutor(), ContextSnapshotFactory.builder().build());

  private final Semaphore slots;
  private final int concurrency;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger queued = new AtomicInteger();
  private volatile boolean accepting = true;

  /** While stopping: queued documents still start until this instant (nanoTime). */
  private volatile long drainUntil = Long.MAX_VALUE;

  public IngestWorkers(IngestProperties properties) {
    this.concurrency = properties.parseConcurrency();
    this.slots = new Semaphore(concurrency);
  }

  /**
   * Runs {@code task} when a slot is free, unless the service is stopping by then (the task's work
   * stays persisted for the next start). Tasks own their failures (an upload item fails with its
   * reason); whatever still escapes one, an {@link Error} included, is logged here, because an
   * executor would keep it silently in a future nobody reads.
   */
  public void submit(Runnable task) {
    queued.incrementAndGet();
    executor.execute(
        () -> {
          slots.acquireUninterruptibly();
          queued.decrementAndGet();
          try {
            if (!accepting && System.nanoTime() - drainUntil > 0) {
              return; // handed back: PENDING with its staged file, resumed at the next start
            }
            running.incrementAndGet();
            try {
              task.run();
            } finally {
              running.decrementAndGet();
            }
          } catch (Throwable e) {
            log.error("background ingest task failed", e);
          } finally {
            slots.release();
          }
        });
  }

  @Override
  public void start() {
    accepting = true;
  }

  @Override
  public void stop() {
    drainUntil = System.nanoTime() + DRAIN.toNanos();
    accepting = false;
    try {
      while (System.nanoTime() - drainUntil < 0 && (queued.get() > 0 || running.get() > 0)) {
        Thread.sleep(50);
      }
      // Past the drain: nothing new starts; wait (bounded) for what is running to finish.
      if (slots.tryAcquire(concurrency, 8, TimeUnit.SECONDS)) {
        slots.release(concurrency);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (running.get() > 0 || queued.get() > 0) {
      log.warn(
          "stopping with {} documents running and {} queued; they resume after the restart",
          running.get(),
          queued.get());
    }
  }

  @Override
  public void stop(Runnable callback) {
    accepting = false;
    int inFlight = running.get() + queued.get();
    if (inFlight > 0) {
      log.info(
          "draining {} accepted documents for up to {} s before stopping",
          inFlight,
          DRAIN.toSeconds());
    }
    Thread.ofVirtual()
        .name("ingest-workers-stop")
        .start(
            () -> {
              try {
                stop();
              } finally {
                callback.run();
              }
            });
  }

  @Override
  public boolean isRunning() {
    return accepting;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  @Override
  public void destroy() throws InterruptedException {
    accepting = false;
    executor.shutdown();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }
}
