package dev.rag.ingest.upload;

import dev.rag.ingest.jobs.JobItem;
import dev.rag.ingest.jobs.JobStore;
import dev.rag.ingest.pipeline.IngestWorkers;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Resumes uploads a restart interrupted: every item still PENDING or PUBLISHING with a staged file
 * is submitted again (the registry recognises its own job, so a half-published version is
 * republished under the same version, and chunk upserts are idempotent downstream). Items whose
 * file is gone are failed with that reason by {@link UploadWorker}.
 */
@Component
class JobRecovery {

  private static final Logger log = LoggerFactory.getLogger(JobRecovery.class);

  private final JobStore jobs;
  private final UploadWorker worker;
  private final IngestWorkers workers;

  JobRecovery(JobStore jobs, UploadWorker worker, IngestWorkers workers) {
    this.jobs = jobs;
    this.worker = worker;
    this.workers = workers;
  }

  @EventListener(ApplicationReadyEvent.class)
  void resume() {
    List<JobItem> unfinished = jobs.unfinishedUploads();
    if (!unfinished.isEmpty()) {
      log.info("resuming {} interrupted upload items", unfinished.size());
    }
    for (JobItem item : unfinished) {
      workers.submit(() -> worker.run(item.jobId(), item.item()));
    }
  }
}
