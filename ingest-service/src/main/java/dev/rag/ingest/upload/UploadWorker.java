package dev.rag.ingest.upload;

import dev.rag.ingest.jobs.ItemStatus;
import dev.rag.ingest.jobs.JobItem;
import dev.rag.ingest.jobs.JobStore;
import dev.rag.ingest.parsing.DocumentContent;
import dev.rag.ingest.pipeline.IngestMetrics;
import dev.rag.ingest.pipeline.IngestPipeline;
import dev.rag.ingest.pipeline.IngestWork;
import dev.rag.ingest.pipeline.IngestWorkers;
import dev.rag.ingest.registry.DocumentRecord;
import dev.rag.ingest.registry.DocumentRegistry;
import dev.rag.support.outage.Outages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ingests one staged upload item in the background. Any error, {@link Error}s included, ends the
 * item as FAILED with a reason and a log line (there is no record to redeliver), except an outage
 * of a dependency ({@link Outages}: the registry's database restarting, the broker not
 * acknowledging): that says nothing about the document, so the item is tried again, the pause
 * doubling up to {@link #MAX_PAUSE}, until the dependency is back or the service stops (then the
 * staged file makes it resume after the restart).
 *
 * <p>The staged file is the item's durable fact that work remains: it is removed only after the
 * item's outcome is committed (PUBLISHED, or finished), so a crash at any point leaves either the
 * file (the item resumes; the registry recognises its own job and republishes the same version) or
 * a committed outcome. An item found without its file was therefore published before the crash: its
 * state is re-derived from the registry row its job wrote ({@link #recoverWithoutFile}), never
 * reported FAILED while its chunks are in the index.
 */
@Component
class UploadWorker {

  private static final Logger log = LoggerFactory.getLogger(UploadWorker.class);

  static final Duration FIRST_PAUSE = Duration.ofMillis(500);
  static final Duration MAX_PAUSE = Duration.ofSeconds(30);

  private final JobStore jobs;
  private final DocumentRegistry registry;
  private final IngestPipeline pipeline;
  private final IngestMetrics metrics;
  private final IngestWorkers workers;

  UploadWorker(
      JobStore jobs,
      DocumentRegistry registry,
      IngestPipeline pipeline,
      IngestMetrics metrics,
      IngestWorkers workers) {
    this.jobs = jobs;
    this.registry = registry;
    this.pipeline = pipeline;
    this.metrics = metrics;
    this.workers = workers;
  }

  void run(String jobId, int itemNo) {
    Duration pause = FIRST_PAUSE;
    while (!attempt(jobId, itemNo)) {
      if (!workers.isRunning()) {
        log.info(
            "stopping during an outage: item {} of job {} resumes after the restart",
            itemNo,
            jobId);
        return;
      }
      if (!sleepWhileRunning(pause)) {
        return;
      }
      pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
    }
  }

  /** Sleeps {@code pause} in short slices, so a stopping service is not held up; false if cut. */
  private boolean sleepWhileRunning(Duration pause) {
    long until = System.nanoTime() + pause.toNanos();
    try {
      while (workers.isRunning() && System.nanoTime() - until < 0) {
        Thread.sleep(Math.min(250, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return true;
  }

  /** One try; false when an outage stopped it and the item is to be tried again. */
  private boolean attempt(String jobId, int itemNo) {
    JobItem item = null;
    Path staged = null;
    boolean settled = false;
    try {
      Optional<JobItem> found = jobs.item(jobId, itemNo);
      if (found.isEmpty() || found.get().stagedPath() == null || found.get().status().finished()) {
        return true;
      }
      item = found.get();
      staged = Path.of(item.stagedPath());
      String collection = jobs.collectionOf(jobId).orElseThrow();
      if (!Files.isRegularFile(staged)) {
        recoverWithoutFile(collection, item);
        settled = true; // nothing to remove but the job's directory, once it is empty
        return true;
      }
      pipeline.ingest(
          new IngestWork(
              jobId,
              itemNo,
              collection,
              item.documentId(),
              null,
              item.fileName(),
              item.contentType(),
              new DocumentContent.File(staged),
              null,
              item.fileName(),
              item.metadata()));
      settled = true;
      return true;
    } catch (Throwable e) {
      if (Outages.isOutage(e)) {
        log.warn(
            "item {} of job {} waits for a dependency: {}", itemNo, jobId, Outages.describe(e));
        return false; // the staged file stays; the same item is tried again
      }
      if (item == null) {
        log.error("cannot read item {} of job {}; it resumes after a restart", itemNo, jobId, e);
        return true;
      }
      // The boundary of a background task: nothing may escape it, an Error least of all, or
      // the item would stay PENDING with no reason and no log line.
      log.error("ingesting {} of job {} failed", item.fileName(), jobId, e);
      try {
        fail(item, reason(e));
        settled = true;
      } catch (RuntimeException notRecorded) {
        // The staged file stays: it is what makes the item resume after a restart.
        log.error(
            "cannot record the failure of {} of job {}; it resumes after a restart",
            item.fileName(),
            jobId,
            notRecorded);
      }
      return true;
    } finally {
      if (settled) {
        removeStaged(staged);
      }
    }
  }

  /**
   * The staged file of an unfinished item is gone: the worker removes it only once the item is
   * published, so the job row is behind the facts (a database that lost its last commits, or an
   * item resumed twice). The registry row this job wrote says what was published; without one
   * nothing of the item can have reached the index (the version is committed before any chunk is
   * sent), and only then is the item failed.
   */
  private void recoverWithoutFile(String collection, JobItem item) {
    Optional<DocumentRecord> written =
        registry
            .find(collection, item.documentId())
            .filter(d -> item.jobId().equals(d.jobId()) && !d.deleted());
    if (written.isPresent() && written.get().chunkCount() > 0) {
      DocumentRecord record = written.get();
      ItemStatus status =
          switch (record.status()) {
            case "INDEXED" -> ItemStatus.INDEXED;
            case "FAILED" -> ItemStatus.FAILED;
            default -> ItemStatus.PUBLISHED;
          };
      jobs.restore(item.jobId(), item.item(), status, record.version(), record.chunkCount());
      log.info(
          "{} of job {} was published before a restart (v{}, {} chunks): now {}",
          item.documentId(),
          item.jobId(),
          record.version(),
          record.chunkCount(),
          status);
      return;
    }
    written.ifPresent(d -> registry.failed(collection, d.id(), d.version()));
    fail(item, "the staged file is gone before it was published; upload it again");
  }

  private static void removeStaged(Path staged) {
    try {
      Files.deleteIfExists(staged);
      Path dir = staged.getParent();
      if (!Files.isDirectory(dir)) {
        return;
      }
      try (var rest = Files.list(dir)) {
        if (rest.findAny().isEmpty()) {
          Files.deleteIfExists(dir);
        }
      }
    } catch (IOException e) {
      log.warn("cannot remove staged file {}: {}", staged, e.getMessage());
    }
  }

  /** What the job shows: no Java type names, a hint where one helps. */
  private static String reason(Throwable e) {
    if (e instanceof OutOfMemoryError) {
      return "the service ran out of memory ingesting it";
    }
    return "internal error: " + (e.getMessage() != null ? e.getMessage() : "see the service log");
  }

  private void fail(JobItem item, String reason) {
    jobs.finish(
        item.jobId(),
        item.item(),
        ItemStatus.FAILED,
        null,
        (item.fileName() != null ? item.fileName() + ": " : "") + reason);
    metrics.failure("internal");
    metrics.document("failed");
  }
}
