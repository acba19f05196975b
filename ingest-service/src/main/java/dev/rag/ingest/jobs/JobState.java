package dev.rag.ingest.jobs;

/** A job's overall state, derived from its items. */
public enum JobState {
  /** Persisted, nothing started yet. */
  ACCEPTED,
  /** At least one item is not finished. */
  RUNNING,
  /** Every item finished without failure. */
  COMPLETED,
  /** Every item finished, some failed. */
  PARTIAL,
  /** Every item failed. */
  FAILED
}
