package dev.rag.ingest.pipeline;

import dev.rag.ingest.config.IngestProperties;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
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
 * database and the Kafka producer close) documents already being ingested are finished and queued
 * ones are handed back: they stay PENDING with their staged files and resume at the next start. A
 * document still running when the shutdown phase times out is interrupted by the exit and resumes
 * the same way. The wait is bounded like every shutdown phase (30 s, {@code
 * spring.lifecycle.timeout-per-shutdown-phase}).
 */
@Component
public class IngestWorkers implements SmartLifecycle, DisposableBean {

  /** After the web server's graceful shutdown and stop, so a request in flight can still submit. */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private static final Logger log = LoggerFactory.getLogger(IngestWorkers.class);

  /** A task runs in the trace of the request or record that submitted it (README, Tracing). */
  private final ExecutorService executor =
      ContextExecutorService.wrap(
          Executors.newVirtualThreadPerTaskExecutor(), ContextSnapshotFactory.builder().build());

  private final Semaphore slots;
  private final int concurrency;
  private final AtomicInteger running = new AtomicInteger();
  private volatile boolean accepting = true;

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
    executor.execute(
        () -> {
          slots.acquireUninterruptibly();
          try {
            if (!accepting) {
              return;
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
    accepting = false;
    // Every slot back means nothing is running and nothing can start.
    try {
      if (slots.tryAcquire(concurrency, 30, TimeUnit.SECONDS)) {
        slots.release(concurrency);
      } else {
        log.warn(
            "{} documents still being ingested at shutdown; they resume after the restart",
            running.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void stop(Runnable callback) {
    accepting = false;
    int inFlight = running.get();
    if (inFlight > 0) {
      log.info("finishing {} documents being ingested before stopping", inFlight);
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
