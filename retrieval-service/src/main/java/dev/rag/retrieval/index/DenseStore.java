package dev.rag.retrieval.index;

import java.util.List;

/**
 * Dense (vector) retrieval over chunks: HNSW approximate nearest neighbours by cosine similarity.
 * The collection and metadata filters are applied inside the graph search, never after a top-k cut,
 * so a small collection among large ones still gets k hits of its own. Implementations: Lucene HNSW
 * (embedded default) and pgvector (production); both pass {@code DenseStoreContractTest}.
 */
public interface DenseStore extends ChunkStore {

  /** The k nearest chunks within the query's collections, best first. */
  List<DenseHit> search(DenseQuery query);

  /** Chunks (of all versions present) in a collection. */
  long count(String collection);

  /** Whether vectors of this dimension can be stored (a schema may fix it). */
  boolean acceptsDimension(int dimension);

  /**
   * True when the vectors live in the Lucene chunk index itself: then writing the Lucene index
   * writes this store too, and the indexer must not write twice.
   */
  default boolean sharesLexicalIndex() {
    return false;
  }
}
