package dev.rag.retrieval.index;

/**
 * One step of a batch, applied by every store in list order. Each is idempotent: applying a list
 * twice leaves a store as applying it once, which is what makes replay safe.
 */
public sealed interface IndexOp {

  String collection();

  String documentId();

  /**
   * Writes a chunk (an upsert keyed by collection and chunk id). {@code alreadyIndexed} says the
   * Lucene index already holds it, so Lucene may skip the rewrite; other stores write anyway, since
   * they may be behind the Lucene commit.
   */
  record Upsert(IndexedChunk chunk, boolean alreadyIndexed) implements IndexOp {
    @Override
    public String collection() {
      return chunk.collection();
    }

    @Override
    public String documentId() {
      return chunk.documentId();
    }
  }

  /** Version replacement: removes a document's chunks whose version is below {@code version}. */
  record DeleteOlderVersions(String collection, String documentId, long version)
      implements IndexOp {}

  /**
   * Removes a document's chunks up to and including {@code version} and remembers the delete
   * ({@code tombstone} = the highest version ever deleted) so that a replayed older upsert stays
   * deleted.
   */
  record DeleteDocument(String collection, String documentId, long version, long tombstone)
      implements IndexOp {}
}
