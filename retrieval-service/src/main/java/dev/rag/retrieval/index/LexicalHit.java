package dev.rag.retrieval.index;

import dev.rag.contracts.events.ChunkId;

/** A BM25 search result; {@code score} is Lucene's BM25 score (unbounded, query dependent). */
public record LexicalHit(String collection, ChunkId chunkId, float score) {

  public ChunkKey key() {
    return new ChunkKey(collection, chunkId);
  }
}
