package dev.rag.ingest.pipeline;

import dev.rag.ingest.parsing.DocumentContent;
import java.util.Map;

/**
 * One document to ingest as item {@code item} of job {@code jobId}.
 *
 * @param version the producer's version; null for uploads (the registry assigns the next one)
 * @param contentType the detected or declared type (parameters such as charset allowed)
 * @param title a title given by the producer; null to take the document's own
 */
public record IngestWork(
    String jobId,
    int item,
    String collection,
    String documentId,
    Long version,
    String fileName,
    String contentType,
    DocumentContent content,
    String title,
    String sourceUri,
    Map<String, String> metadata) {

  public IngestWork {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
