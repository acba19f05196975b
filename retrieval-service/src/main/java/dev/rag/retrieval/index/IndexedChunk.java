package dev.rag.retrieval.index;

import dev.rag.contracts.events.Chunk;
import dev.rag.contracts.events.ChunkId;
import dev.rag.contracts.events.EmbeddedChunkEvent;

/**
 * One chunk as both stores keep it: its coordinates, the text and citation fields, and the vector
 * with the model that produced it.
 *
 * @param vector L2-normalised (normalised again here, so dot product equals cosine)
 */
public record IndexedChunk(
    String collection,
    ChunkId id,
    String jobId,
    int chunkCount,
    Chunk chunk,
    String modelId,
    float[] vector) {

  public IndexedChunk {
    if (collection == null || collection.isBlank()) {
      throw new IllegalArgumentException("collection must not be blank");
    }
    if (id == null || chunk == null) {
      throw new IllegalArgumentException("id and chunk must be present");
    }
    if (modelId == null || modelId.isBlank()) {
      throw new IllegalArgumentException("modelId must not be blank");
    }
    if (vector == null || vector.length == 0) {
      throw new IllegalArgumentException("vector must not be empty");
    }
    vector = unit(vector);
  }

  public static IndexedChunk of(EmbeddedChunkEvent.Upsert event) {
    return new IndexedChunk(
        event.collection(),
        event.chunkId(),
        event.jobId(),
        event.chunkCount(),
        event.chunk(),
        event.modelId(),
        event.vector());
  }

  public String documentId() {
    return id.documentId();
  }

  public long version() {
    return id.version();
  }

  public int dimension() {
    return vector.length;
  }

  /**
   * A copy scaled to length 1. Producers send unit vectors; rescaling anyway keeps a slightly off
   * producer from skewing dot-product scores (Lucene's DOT_PRODUCT assumes unit length).
   */
  static float[] unit(float[] vector) {
    double norm = 0;
    for (float v : vector) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("vector has a non-finite component: " + v);
      }
      norm += (double) v * v;
    }
    if (norm == 0) {
      throw new IllegalArgumentException("vector must not be all zeros");
    }
    float scale = (float) (1 / Math.sqrt(norm));
    float[] unit = new float[vector.length];
    for (int i = 0; i < vector.length; i++) {
      unit[i] = vector[i] * scale;
    }
    return unit;
  }
}
