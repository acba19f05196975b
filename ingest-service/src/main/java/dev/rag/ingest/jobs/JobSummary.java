package dev.rag.ingest.jobs;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A job in a collection's job list; {@code status} is where its full view is.
 *
 * @param documents the job's items (documents uploaded, produced or deleted)
 */
public record JobSummary(
    String jobId,
    String collection,
    String origin,
    JobState state,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    long documents,
    String status) {

  /** One page of a job list. */
  public record Page(List<JobSummary> items, long total, int page, int size) {}
}
