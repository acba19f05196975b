package dev.rag.ingest.jobs;

import java.util.Map;

/**
 * One document of a job.
 *
 * @param operation {@code UPSERT} or {@code DELETE}
 * @param stagedPath the uploaded file waiting to be parsed (uploads only)
 * @param version the version being ingested, once claimed
 * @param metadata what the upload said about the document (copied onto every chunk)
 */
public record JobItem(
    String jobId,
    int item,
    String documentId,
    String operation,
    String fileName,
    String contentType,
    String stagedPath,
    Long version,
    ItemStatus status,
    int chunksParsed,
    int chunksEmbedded,
    int chunksIndexed,
    String error,
    Map<String, String> metadata) {

  public JobItem {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  public static final String UPSERT = "UPSERT";
  public static final String DELETE = "DELETE";

  /** A new item to persist with its job. */
  public static JobItem pending(
      int item,
      String documentId,
      String operation,
      String fileName,
      String contentType,
      String stagedPath,
      Long version) {
    return new JobItem(
        null,
        item,
        documentId,
        operation,
        fileName,
        contentType,
        stagedPath,
        version,
        ItemStatus.PENDING,
        0,
        0,
        0,
        null,
        Map.of());
  }

  /** The same item carrying {@code newMetadata}. */
  public JobItem withMetadata(Map<String, String> newMetadata) {
    return new JobItem(
        jobId,
        item,
        documentId,
        operation,
        fileName,
        contentType,
        stagedPath,
        version,
        status,
        chunksParsed,
        chunksEmbedded,
        chunksIndexed,
        error,
        newMetadata);
  }
}
