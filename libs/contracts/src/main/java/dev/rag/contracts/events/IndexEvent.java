package dev.rag.contracts.events;

import java.time.Instant;

/**
 * A record on {@code rag.index-events}: retrieval-service acknowledges what it applied. Ingest jobs
 * count these for progress; the gateway reads {@code indexEpoch} to invalidate cached answers of a
 * collection whenever anything under them changed.
 */
public record IndexEvent(
    int schemaVersion,
    String jobId,
    String documentId,
    String collection,
    long version,
    Kind kind,
    int chunks,
    long indexEpoch,
    String reason,
    Instant at) {

  /** What happened to the document's chunks. */
  public enum Kind {
    /** {@code chunks} chunks of the version were indexed (or re-indexed idempotently). */
    INDEXED,
    /** The document's chunks up to {@code version} were removed. */
    DELETED,
    /** The chunks could not be indexed; {@code reason} says why. */
    FAILED
  }

  public IndexEvent {
    SchemaVersions.check(schemaVersion);
    SchemaVersions.requireText(documentId, "documentId");
    SchemaVersions.requireText(collection, "collection");
    if (kind == null) {
      throw new IllegalArgumentException("kind must be present");
    }
    if (indexEpoch < 0) {
      throw new IllegalArgumentException("indexEpoch must be >= 0, was " + indexEpoch);
    }
  }
}
