package dev.rag.ingest;

import dev.rag.testing.Infrastructure;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import dev.rag.testing.ServiceContractTest;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IngestServiceApplicationTest extends ServiceContractTest {

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    Infrastructure.registerKafka(registry);
    Infrastructure.registerPostgres(registry);
  }

  @Override
  protected String serviceName() {
    return "ingest-service";
  }
}
