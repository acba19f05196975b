package dev.rag.contracts.events;

/**
 * The identity of a chunk, derived from its content coordinates so that every write is an upsert:
 * redelivering a chunk rewrites the same row, never a second one.
 */
public record ChunkId(String documentId, long version, int ordinal) {

  public ChunkId {
    SchemaVersions.requireText(documentId, "documentId");
    SchemaVersions.requireVersion(version);
    if (ordinal < 0) {
      throw new IllegalArgumentException("ordinal must be >= 0, was " + ordinal);
    }
  }

  /** Parses the form produced by {@link #toString()}: {@code documentId#version#ordinal}. */
  public static ChunkId parse(String value) {
    int last = value.lastIndexOf('#');
    int middle = last > 0 ? value.lastIndexOf('#', last - 1) : -1;
    if (middle <= 0) {
      throw new IllegalArgumentException("not a chunk id: " + value);
    }
    try {
      return new ChunkId(
          value.substring(0, middle),
          Long.parseLong(value.substring(middle + 1, last)),
          Integer.parseInt(value.substring(last + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a chunk id: " + value, e);
    }
  }

  @Override
  public String toString() {
    return documentId + "#" + version + "#" + ordinal;
  }
}
