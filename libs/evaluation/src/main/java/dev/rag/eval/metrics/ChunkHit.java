package dev.rag.eval.metrics;

/**
 * One retrieved chunk reduced to what document-level evaluation needs.
 *
 * @param documentId the document the chunk belongs to (a corpus {@code _id})
 * @param score the score the platform gave the chunk (kept for explanations, never re-sorted)
 */
public record ChunkHit(String documentId, double score) {

  public ChunkHit {
    if (documentId == null || documentId.isEmpty()) {
      throw new IllegalArgumentException("documentId must not be empty");
    }
  }
}
