package dev.rag.retrieval.index.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.retrieval.index.DenseQuery;
import dev.rag.retrieval.index.DenseStore;
import dev.rag.retrieval.index.DenseStoreContractTest;
import dev.rag.retrieval.index.TestChunks;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dense-store contract on Lucene HNSW, in an on-disk index under {@code target/}. */
class LuceneDenseStoreTest extends DenseStoreContractTest {

  private LuceneChunkIndex index;

  @Override
  protected DenseStore createStore(String consumerGroup) {
    index =
        new LuceneChunkIndex(Path.of("target", "test-indexes", "dense-" + UUID.randomUUID()), true);
    return new LuceneDenseStore(index);
  }

  @AfterEach
  void closeIndex() {
    index.close();
  }

  @Test
  void rejectsAnIndexWithoutVectors() {
    try (LuceneChunkIndex plain =
        new LuceneChunkIndex(
            Path.of("target", "test-indexes", "plain-" + UUID.randomUUID()), false)) {
      assertThatThrownBy(() -> new LuceneDenseStore(plain))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("stores vectors");
      float[] vector = new TestChunks(1).vector();
      assertThatThrownBy(() -> plain.knn(DenseQuery.of(vector, Set.of("c"), 3)))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void acceptsDimensionsLuceneCanIndex() {
    assertThat(store.acceptsDimension(384)).isTrue();
    assertThat(store.acceptsDimension(768)).isTrue();
    assertThat(store.acceptsDimension(4096)).isFalse();
  }
}
