package dev.rag.ingest.jobs;

import java.util.Set;

/** Where one document of a job stands. */
public enum ItemStatus {
  /** Accepted and persisted; waiting to be parsed (or, for a delete, to be published). */
  PENDING,
  /** A version is claimed and its chunks are being published. */
  PUBLISHING,
  /** All chunks (or the delete) are on {@code rag.chunks}; waiting for the index. */
  PUBLISHED,
  /** Every chunk of the version was indexed. */
  INDEXED,
  /** Identical content was already the current version: nothing published. */
  UNCHANGED,
  /** A producer version not newer than the stored one: ignored. */
  SKIPPED,
  /** The document was removed from the indexes. */
  DELETED,
  /** Could not be ingested; {@code error} says why. */
  FAILED;

  public static final Set<ItemStatus> FINISHED =
      Set.of(INDEXED, UNCHANGED, SKIPPED, DELETED, FAILED);

  public boolean finished() {
    return FINISHED.contains(this);
  }
}
