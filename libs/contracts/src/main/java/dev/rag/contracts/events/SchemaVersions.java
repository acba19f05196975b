package dev.rag.contracts.events;

/** Versions of the event schemas; bump on an incompatible change. */
public final class SchemaVersions {

  /** The schema version every event record is written with today. */
  public static final int CURRENT = 1;

  private SchemaVersions() {}

  /** Rejects an event from a schema this code does not know. */
  static int check(int schemaVersion) {
    if (schemaVersion < 1 || schemaVersion > CURRENT) {
      throw new IllegalArgumentException(
          "unsupported schemaVersion " + schemaVersion + " (supported: 1.." + CURRENT + ")");
    }
    return schemaVersion;
  }

  /** The checks every event about one document version shares. */
  static void checkDocumentEvent(
      int schemaVersion, String documentId, String collection, long version) {
    check(schemaVersion);
    requireText(documentId, "documentId");
    requireText(collection, "collection");
    requireVersion(version);
  }

  static String requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    return value;
  }

  static long requireVersion(long version) {
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, was " + version);
    }
    return version;
  }
}
