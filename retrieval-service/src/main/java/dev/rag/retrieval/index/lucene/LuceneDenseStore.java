package dev.rag.retrieval.index.lucene;

import dev.rag.retrieval.index.DenseHit;
import dev.rag.retrieval.index.DenseQuery;
import dev.rag.retrieval.index.DenseStore;
import dev.rag.retrieval.index.IndexBatch;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Lucene HNSW as the dense store (the embedded default): the vectors are a field of the chunk
 * documents in the same {@link LuceneChunkIndex}, so one commit covers text and vectors and no
 * database is needed.
 */
public final class LuceneDenseStore implements DenseStore {

  /** Lucene's largest vector dimension for the default codec. */
  static final int MAX_DIMENSION = 1024;

  private final LuceneChunkIndex index;

  public LuceneDenseStore(LuceneChunkIndex index) {
    if (index == null || !index.storesVectors()) {
      throw new IllegalArgumentException(
          "the Lucene dense store needs a chunk index that stores vectors");
    }
    this.index = index;
  }

  @Override
  public void apply(IndexBatch batch) {
    index.apply(batch);
  }

  @Override
  public Map<TopicPartition, Long> committedOffsets() {
    return index.committedOffsets();
  }

  @Override
  public List<DenseHit> search(DenseQuery query) {
    return index.knn(query);
  }

  @Override
  public long count(String collection) {
    return index.count(collection);
  }

  @Override
  public boolean acceptsDimension(int dimension) {
    return dimension >= 1 && dimension <= MAX_DIMENSION;
  }

  @Override
  public boolean sharesLexicalIndex() {
    return true;
  }

  /** The index belongs to whoever created it; closing the view leaves it open. */
  @Override
  public void close() {}
}
