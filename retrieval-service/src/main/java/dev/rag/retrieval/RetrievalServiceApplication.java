package dev.rag.retrieval;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;

/**
 * Both indexes (pgvector, Lucene BM25) and hybrid search with Reciprocal Rank Fusion.
 *
 * <p>DataSource and Flyway auto-configuration are off: with the embedded default ({@code
 * rag.retrieval.dense-store=lucene}) the service needs no database; {@code PgVectorConfiguration}
 * builds both when {@code dense-store=pgvector}.
 */
@SpringBootApplication(exclude = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
@ConfigurationPropertiesScan
public class RetrievalServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(RetrievalServiceApplication.class, args);
  }
}
