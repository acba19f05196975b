package dev.rag.ingest.jobs;

/**
 * One document of a job.
 *
 * @param operation {@code UPSERT} or {@code DELETE}
 * @param stagedPath the uploaded file waiting to be parsed (uploads only)
 * @param version the version being ingested, once claimed
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
    String error) {

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
        null);
  }
}
