package dev.rag.eval.platform;

/**
 * A document as ingest-service's registry lists it ({@code GET /v1/collections/{c}/documents}).
 *
 * @param id the document id (a corpus {@code _id} here)
 * @param status {@code INGESTING} (chunks published, not all indexed yet), {@code INDEXED}
 *     (retrieval-service acknowledged every chunk in both indexes) or {@code FAILED}
 */
public record DocumentStatus(String id, String status) {

  public boolean indexed() {
    return "INDEXED".equals(status);
  }

  public boolean failed() {
    return "FAILED".equals(status);
  }
}
