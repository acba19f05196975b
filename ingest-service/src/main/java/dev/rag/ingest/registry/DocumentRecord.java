package dev.rag.ingest.registry;

import java.time.OffsetDateTime;

/**
 * A document as the registry knows it.
 *
 * @param status {@code INGESTING} (chunks published), {@code INDEXED}, {@code FAILED} or {@code
 *     DELETED}
 * @param jobId the job that wrote this version
 */
public record DocumentRecord(
    String id,
    String collection,
    long version,
    String contentHash,
    String title,
    String sourceUri,
    String contentType,
    String status,
    int chunkCount,
    String jobId,
    OffsetDateTime updatedAt) {

  public boolean deleted() {
    return "DELETED".equals(status);
  }
}
