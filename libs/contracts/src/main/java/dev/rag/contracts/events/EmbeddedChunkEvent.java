package dev.rag.contracts.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A record on {@code rag.embedded-chunks}: a chunk with its vector, or a delete passed through. The
 * embedding model id travels with every vector, so an index never mixes vector spaces.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
  @JsonSubTypes.Type(value = EmbeddedChunkEvent.Upsert.class, name = "upsert"),
  @JsonSubTypes.Type(value = EmbeddedChunkEvent.Delete.class, name = "delete")
})
public sealed interface EmbeddedChunkEvent {

  int schemaVersion();

  String jobId();

  String documentId();

  String collection();

  long version();

  /** A chunk ready to index: {@code vector} is L2-normalised, produced by {@code modelId}. */
  record Upsert(
      int schemaVersion,
      String jobId,
      String documentId,
      String collection,
      long version,
      int ordinal,
      int chunkCount,
      Chunk chunk,
      String modelId,
      float[] vector)
      implements EmbeddedChunkEvent {

    public Upsert {
      SchemaVersions.checkDocumentEvent(schemaVersion, documentId, collection, version);
      SchemaVersions.requireText(modelId, "modelId");
      if (vector == null || vector.length == 0) {
        throw new IllegalArgumentException("vector must not be empty");
      }
      if (chunk == null) {
        throw new IllegalArgumentException("chunk must be present");
      }
    }

    public ChunkId chunkId() {
      return new ChunkId(documentId, version, ordinal);
    }

    /** The embedded form of a chunk event, keeping every coordinate of the original. */
    public static Upsert of(ChunkEvent.Upsert chunk, String modelId, float[] vector) {
      return new Upsert(
          SchemaVersions.CURRENT,
          chunk.jobId(),
          chunk.documentId(),
          chunk.collection(),
          chunk.version(),
          chunk.ordinal(),
          chunk.chunkCount(),
          chunk.chunk(),
          modelId,
          vector);
    }
  }

  /** A delete travelling the same path as the chunks it removes. */
  record Delete(int schemaVersion, String jobId, String documentId, String collection, long version)
      implements EmbeddedChunkEvent {

    public Delete {
      SchemaVersions.checkDocumentEvent(schemaVersion, documentId, collection, version);
    }

    public static Delete of(ChunkEvent.Delete delete) {
      return new Delete(
          SchemaVersions.CURRENT,
          delete.jobId(),
          delete.documentId(),
          delete.collection(),
          delete.version());
    }
  }
}
