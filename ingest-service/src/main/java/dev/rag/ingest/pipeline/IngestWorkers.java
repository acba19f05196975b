package dev.rag.ingest.pipeline;

import dev.rag.ingest.config.IngestProperties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs accepted documents in the background, at most {@code rag.ingest.parse-concurrency} at a
 * time. Waiting tasks are cheap virtual threads; their work is persisted (job rows and staged
 * files), so nothing queued here is lost to a restart: {@code JobRecovery} resubmits it.
 */
@Component
public class IngestWorkers implements DisposableBean {

  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Semaphore slots;

  public IngestWorkers(IngestProperties properties) {
    this.slots = new Semaphore(properties.parseConcurrency());
  }

  public void submit(Runnable task) {
    executor.submit(() -> {
      slots.acquireUninterruptibly();
      try {
        task.run();
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
