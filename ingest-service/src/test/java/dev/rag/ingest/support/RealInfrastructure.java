package dev.rag.ingest.support;

import dev.rag.testing.Infrastructure;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points the context at the real broker and database. An initializer rather than a
 * {@code @DynamicPropertySource}, so that every test class shares one cached context.
 */
public class RealInfrastructure
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    Infrastructure.Postgres pg = Infrastructure.postgres();
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "rag-test-infrastructure",
                Map.of(
                    "spring.kafka.bootstrap-servers", Infrastructure.kafkaBootstrap(),
                    "spring.datasource.url", pg.jdbcUrl(),
                    "spring.datasource.username", pg.user(),
                    "spring.datasource.password", pg.password())));
  }
}
