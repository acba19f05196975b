package dev.rag.retrieval.index.pgvector;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.rag.retrieval.index.DenseStore;
import dev.rag.retrieval.index.DenseStoreContractTest;
import dev.rag.testing.Infrastructure;
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

  @Test
  void holdsOnlyTheSchemaDimension() {
    assertThat(store.acceptsDimension(PgVectorStore.DIMENSION)).isTrue();
    assertThat(store.acceptsDimension(768)).isFalse();
  }
}
