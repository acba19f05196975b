package dev.rag.ingest.registry;

/**
 * What the registry decided for incoming content.
 *
 * @param outcome see {@link Outcome}
 * @param version the version to publish (NEW, RESUME) or the stored one (UNCHANGED, STALE)
 * @param reason why STALE content was not taken
 */
public record VersionClaim(Outcome outcome, long version, String reason) {

  /** The registry's decision. */
  public enum Outcome {
    /** A new version: publish its chunks. */
    NEW,
    /** The same job already claimed this version (redelivery or restart): publish again. */
    RESUME,
    /** Identical content is already the current version: nothing to do. */
    UNCHANGED,
    /** An older (or conflicting) producer version: ignored. */
    STALE
  }

  public boolean publish() {
    return outcome == Outcome.NEW || outcome == Outcome.RESUME;
  }
}
