package dev.rag.contracts.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A record on {@code rag.chunks}, keyed by document id. A document version travels as {@code
 * chunkCount} upserts; a delete is a tombstone for every version up to {@code version}. {@code
 * jobId} links the work back to the ingest job that reports progress.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ChunkEvent.Upsert.class, name = "upsert"),
  @JsonSubTypes.Type(value = ChunkEvent.Delete.class, name = "delete")
})
public sealed interface ChunkEvent {

  int schemaVersion();

  String jobId();

  String documentId();

  String collection();

  long version();

  /** One chunk of one document version; {@code ordinal} counts from 0 to chunkCount - 1. */
  record Upsert(
      int schemaVersion,
      String jobId,
      String documentId,
      String collection,
      long version,
      int ordinal,
      int chunkCount,
      Chunk chunk)
      implements ChunkEvent {

    public Upsert {
      SchemaVersions.checkDocumentEvent(schemaVersion, documentId, collection, version);
      if (ordinal < 0 || ordinal >= chunkCount) {
        throw new IllegalArgumentException(
            "ordinal must be in [0, " + chunkCount + "), was " + ordinal);
      }
      if (chunk == null) {
        throw new IllegalArgumentException("chunk must be present");
      }
    }

    public ChunkId chunkId() {
      return new ChunkId(documentId, version, ordinal);
    }
  }

  /** Removes a document's chunks of every version up to and including {@code version}. */
  record Delete(int schemaVersion, String jobId, String documentId, String collection, long version)
      implements ChunkEvent {

    public Delete {
      SchemaVersions.checkDocumentEvent(schemaVersion, documentId, collection, version);
    }
  }
}
