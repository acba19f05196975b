package dev.rag.ingest.jobs;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * {@code GET /v1/ingest-jobs/{id}}: the state, document and chunk counts, every item, and the
 * failures with their reasons.
 */
public record JobView(
    String id,
    String collection,
    String origin,
    JobState state,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    Documents documents,
    Chunks chunks,
    List<Item> items,
    List<Failure> failures) {

  /** Documents by stage. */
  public record Documents(
      int total,
      int pending,
      int published,
      int indexed,
      int unchanged,
      int skipped,
      int deleted,
      int failed) {}

  /** Chunks parsed (published), embedded, indexed. */
  public record Chunks(long parsed, long embedded, long indexed) {}

  /** One document of the job. */
  public record Item(
      String documentId,
      String fileName,
      String contentType,
      Long version,
      ItemStatus status,
      int chunksParsed,
      int chunksEmbedded,
      int chunksIndexed,
      String error) {}

  /** A document that failed, and why. */
  public record Failure(String documentId, String fileName, String reason) {}
}
