package dev.rag.retrieval.index;

import dev.rag.contracts.events.ChunkId;

/** A dense search result; {@code score} is the cosine similarity, in [-1, 1]. */
public record DenseHit(String collection, ChunkId chunkId, float score) {

  public ChunkKey key() {
    return new ChunkKey(collection, chunkId);
  }
}
