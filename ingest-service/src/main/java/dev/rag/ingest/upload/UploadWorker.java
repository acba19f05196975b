package dev.rag.ingest.upload;

import dev.rag.ingest.jobs.ItemStatus;
import dev.rag.ingest.jobs.JobItem;
import dev.rag.ingest.jobs.JobStore;
import dev.rag.ingest.parsing.DocumentContent;
import dev.rag.ingest.pipeline.IngestMetrics;
import dev.rag.ingest.pipeline.IngestPipeline;
import dev.rag.ingest.pipeline.IngestWork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ingests one staged upload item in the background. Any error, {@link Error}s included, ends the
 * item as FAILED with a reason and a log line (there is no record to redeliver); the staged file is
 * removed once the item is done.
 */
@Component
class UploadWorker {

  private static final Logger log = LoggerFactory.getLogger(UploadWorker.class);

  private final JobStore jobs;
  private final IngestPipeline pipeline;
  private final IngestMetrics metrics;

  UploadWorker(JobStore jobs, IngestPipeline pipeline, IngestMetrics metrics) {
    this.jobs = jobs;
    this.pipeline = pipeline;
    this.metrics = metrics;
  }

  void run(String jobId, int itemNo) {
    Optional<JobItem> found = jobs.item(jobId, itemNo);
    if (found.isEmpty() || found.get().stagedPath() == null || found.get().status().finished()) {
      return;
    }
    JobItem item = found.get();
    Path staged = Path.of(item.stagedPath());
    try {
      if (!Files.isRegularFile(staged)) {
        fail(item, "the staged file is gone (lost in a restart?); upload it again");
        return;
      }
      String collection = jobs.collectionOf(jobId).orElseThrow();
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
    } catch (Throwable e) {
      // The boundary of a background task: nothing may escape it, an Error least of all, or
      // the item would stay PENDING with no reason and no log line.
      log.error("ingesting {} of job {} failed", item.fileName(), jobId, e);
      try {
        fail(item, reason(e));
      } catch (RuntimeException notRecorded) {
        log.error(
            "cannot record the failure of {} of job {}; it resumes after a restart",
            item.fileName(),
            jobId,
            notRecorded);
      }
    } finally {
      try {
        Files.deleteIfExists(staged);
        Path dir = staged.getParent();
        try (var rest = Files.list(dir)) {
          if (rest.findAny().isEmpty()) {
            Files.deleteIfExists(dir);
          }
        }
      } catch (IOException e) {
        log.warn("cannot remove staged file {}: {}", staged, e.getMessage());
      }
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
