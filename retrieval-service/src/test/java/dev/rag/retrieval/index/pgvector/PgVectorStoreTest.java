package dev.rag.retrieval.index.pgvector;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.rag.retrieval.index.DenseHit;
import dev.rag.retrieval.index.DenseQuery;
import dev.rag.retrieval.index.DenseStore;
import dev.rag.retrieval.index.DenseStoreContractTest;
import dev.rag.retrieval.index.IndexedChunk;
import dev.rag.retrieval.index.MetadataFilters;
import dev.rag.retrieval.index.TestChunks;
import dev.rag.testing.Infrastructure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The dense-store contract on pgvector (real PostgreSQL, schema migrated by Flyway). */
class PgVectorStoreTest extends DenseStoreContractTest {

  private static HikariDataSource dataSource;

  @BeforeAll
  static void database() {
    Infrastructure.Postgres postgres = Infrastructure.postgres();
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(postgres.jdbcUrl());
    dataSource.setUsername(postgres.user());
    dataSource.setPassword(postgres.password());
    dataSource.setMaximumPoolSize(2);
    // The planner's choice between the graph index and exact search depends on statistics that
    // autovacuum refreshes at its own pace; penalizing sorts makes it take the graph index whenever
    // it may, so every search meets the worst case on every run. The penalty's huge costs would
    // also switch on JIT compilation (~100 ms a query), which no real plan here reaches.
    dataSource.setConnectionInitSql("SET enable_sort = off; SET jit = off");
    PgVectorConfiguration.migrate(dataSource);
  }

  @AfterAll
  static void closeDatabase() {
    dataSource.close();
  }

  @Override
  protected DenseStore createStore(String consumerGroup) {
    return new PgVectorStore(dataSource, consumerGroup);
  }

  @Test
  void searchesThroughTheHnswCosineIndex() {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    assertThat(
            jdbc.queryForObject(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = 'retrieval' AND indexname = 'chunks_embedding_hnsw'",
                String.class))
        .contains("hnsw")
        .contains("vector_cosine_ops");
  }

  /**
   * A graph walk with a one-vector candidate list misses most exact matches among random vectors; a
   * collection small enough is searched exactly, so every chunk finds itself.
   */
  @Test
  void aSmallCollectionIsSearchedExactly() {
    TestChunks random = new TestChunks(20261204L);
    List<IndexedChunk> noise = new ArrayList<>();
    for (int ordinal = 0; ordinal < 1_500; ordinal++) {
      noise.add(random.indexed(collection + "-noise", "noise", 1, ordinal, Map.of()));
    }
    List<IndexedChunk> ours = new ArrayList<>();
    for (int ordinal = 0; ordinal < 300; ordinal++) {
      ours.add(random.indexed(collection, "doc", 1, ordinal, Map.of()));
    }
    store.apply(upserts(noise));
    store.apply(upserts(ours));
    for (IndexedChunk chunk : ours) {
      List<DenseHit> hits =
          store.search(
              new DenseQuery(chunk.vector(), Set.of(collection), MetadataFilters.none(), 1, 1));
      assertThat(hits)
          .extracting(DenseHit::chunkId)
          .as("query %s", chunk.id())
          .containsExactly(chunk.id());
    }
  }

  /**
   * Past the exact-search size the graph index serves the search, still best first and filtered.
   */
  @Test
  void aLargeCollectionIsSearchedThroughTheGraph() {
    int rows = PgVectorStore.exactSearchLimit(100) + 100;
    TestChunks random = new TestChunks(20261205L);
    List<IndexedChunk> ours = new ArrayList<>();
    for (int ordinal = 0; ordinal < rows; ordinal++) {
      ours.add(random.indexed(collection, "doc", 1, ordinal, Map.of()));
    }
    store.apply(upserts(ours));
    List<DenseHit> hits = store.search(DenseQuery.of(ours.get(7).vector(), Set.of(collection), 10));
    assertThat(hits)
        .hasSize(10)
        .allSatisfy(hit -> assertThat(hit.collection()).isEqualTo(collection));
    assertThat(hits).extracting(DenseHit::score).isSortedAccordingTo((a, b) -> Float.compare(b, a));
    assertThat(hits).extracting(DenseHit::chunkId).doesNotHaveDuplicates();
  }

  @Test
  void holdsOnlyTheSchemaDimension() {
    assertThat(store.acceptsDimension(PgVectorStore.DIMENSION)).isTrue();
    assertThat(store.acceptsDimension(768)).isFalse();
  }
}
