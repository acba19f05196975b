package dev.rag.retrieval.index;

/**
 * What the index holds of one document.
 *
 * @param chunkVersion version of the chunks present (0: none)
 * @param deletedUpTo highest version ever deleted (0: never deleted); upserts at or below it are
 *     stale, which keeps a replayed old upsert from resurrecting a deleted document
 */
public record DocumentState(long chunkVersion, long deletedUpTo) {

  public static final DocumentState ABSENT = new DocumentState(0, 0);

  /** An upsert of {@code version} that must be ignored: an older or deleted version. */
  public boolean isStale(long version) {
    return version < chunkVersion || version <= deletedUpTo;
  }
}
