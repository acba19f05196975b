package dev.rag.embedding;

import dev.rag.testing.Infrastructure;
import dev.rag.testing.ServiceContractTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The operator contract (health, metrics, OpenAPI, problem details). The processor is off here
 * ({@code rag.embedding.consumers=0}): in the default group it would embed every chunk on the
 * shared broker's rag.chunks, and publish second copies of the chunks the processor tests count.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "rag.embedding.consumers=0")
class EmbeddingServiceApplicationTest extends ServiceContractTest {

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    Infrastructure.registerKafka(registry);
  }

  @Override
  protected String serviceName() {
    return "embedding-service";
  }
}
