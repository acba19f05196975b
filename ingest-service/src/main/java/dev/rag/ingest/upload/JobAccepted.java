package dev.rag.ingest.upload;

import java.util.List;

/** The 202 answer to an upload or delete: follow {@code status} for progress. */
public record JobAccepted(
    String jobId, String collection, String status, List<Document> documents) {

  /** One accepted document. */
  public record Document(String documentId, String fileName, String contentType) {}
}
