package dev.rag.ingest.pipeline;

import dev.rag.ingest.config.IngestProperties;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs accepted documents in the background, at most {@code rag.ingest.parse-concurrency} at a
 * time. Waiting tasks are cheap virtual threads; their work is persisted (job rows and staged
 * files), so nothing queued here is lost to a restart: {@code JobRecovery} resubmits it.
 */
@Component
public class IngestWorkers implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(IngestWorkers.class);

  /** A task runs in the trace of the request or record that submitted it (README, Tracing). */
  private final ExecutorService executor =
      ContextExecutorService.wrap(
          Executors.newVirtualThreadPerTaskExecutor(), ContextSnapshotFactory.builder().build());

  private final Semaphore slots;

  public IngestWorkers(IngestProperties properties) {
    this.slots = new Semaphore(properties.parseConcurrency());
  }

  /**
   * Runs {@code task} when a slot is free. Tasks own their failures (an upload item fails with its
   * reason); whatever still escapes one, an {@link Error} included, is logged here, because an
   * executor would keep it silently in a future nobody reads.
   */
  public void submit(Runnable task) {
    executor.execute(
        () -> {
          slots.acquireUninterruptibly();
          try {
            task.run();
          } catch (Throwable e) {
            log.error("background ingest task failed", e);
          } finally {
            slots.release();
          }
        });
  }

  @Override
  public void destroy() throws InterruptedException {
    executor.shutdown();
    executor.awaitTermination(30, TimeUnit.SECONDS);
  }
}
