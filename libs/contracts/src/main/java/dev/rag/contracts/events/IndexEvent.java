package dev.rag.contracts.events;

import java.time.Instant;

/**
 * A record on {@code rag.index-events}: retrieval-service acknowledges what it applied. Ingest jobs
 * learn their chunk progress from these alone (never from the vector topic); the gateway reads
 * {@code indexEpoch} to invalidate cached answers of a collection whenever anything under them
 * changed.
 *
 * <p>{@code chunks} counts what this one batch did; {@code indexedTotal} and {@code chunkCount}
 * (added without a schema bump: older producers leave them null, older consumers ignore them) state
 * where the document version stands as a whole, so a consumer can set its progress instead of
 * adding to it: a redelivered or lost event then neither double-counts nor stalls a job.
 *
 * @param chunks chunks this event is about (newly indexed, or failed)
 * @param indexedTotal chunks of this document version in the index after the batch (INDEXED only;
 *     null when unknown)
 * @param chunkCount chunks the version has in all, as its producer announced (null when unknown)
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
    Instant at,
    Integer indexedTotal,
    Integer chunkCount) {

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
    if (indexedTotal != null && indexedTotal < 0) {
      throw new IllegalArgumentException("indexedTotal must be >= 0, was " + indexedTotal);
    }
    if (chunkCount != null && chunkCount < 0) {
      throw new IllegalArgumentException("chunkCount must be >= 0, was " + chunkCount);
    }
  }

  /** An event without totals (the form of schema version 1 before totals were added). */
  public IndexEvent(
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
    this(
        schemaVersion,
        jobId,
        documentId,
        collection,
        version,
        kind,
        chunks,
        indexEpoch,
        reason,
        at,
        null,
        null);
  }
}
