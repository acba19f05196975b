package dev.rag.retrieval.index.pgvector;

import com.zaxxer.hikari.HikariDataSource;
import dev.rag.retrieval.config.RetrievalProperties;
import dev.rag.retrieval.index.DenseStore;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The PostgreSQL side, present only with {@code rag.retrieval.dense-store=pgvector}. Boot's
 * DataSource and Flyway auto-configurations are excluded from the application (the embedded default
 * must start without a database), so this builds both from the usual {@code spring.datasource.*}
 * settings and migrates schema {@code retrieval} before the store is used.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "rag.retrieval.dense-store", havingValue = "pgvector")
public class PgVectorConfiguration {

  /** Flyway's schema and the location of its migrations. */
  static final String SCHEMA = "retrieval";

  @Bean
  @ConfigurationProperties("spring.datasource")
  DataSourceProperties retrievalDataSourceProperties() {
    return new DataSourceProperties();
  }

  @Bean
  @ConfigurationProperties("spring.datasource.hikari")
  HikariDataSource dataSource(DataSourceProperties retrievalDataSourceProperties) {
    return retrievalDataSourceProperties
        .initializeDataSourceBuilder()
        .type(HikariDataSource.class)
        .build();
  }

  @Bean
  Flyway retrievalFlyway(DataSource dataSource) {
    return migrate(dataSource);
  }

  /** Creates or updates schema {@code retrieval} (its own Flyway history table) in the database. */
  public static Flyway migrate(DataSource dataSource) {
    Flyway flyway =
        Flyway.configure()
            .dataSource(dataSource)
            .schemas(SCHEMA)
            .defaultSchema(SCHEMA)
            .createSchemas(true)
            .locations("classpath:db/retrieval")
            .load();
    flyway.migrate();
    return flyway;
  }

  @Bean
  DenseStore pgVectorStore(
      DataSource dataSource, Flyway retrievalFlyway, RetrievalProperties properties) {
    return new PgVectorStore(dataSource, properties.consumerGroup());
  }
}
