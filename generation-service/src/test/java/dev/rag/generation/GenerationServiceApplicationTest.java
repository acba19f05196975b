package dev.rag.generation;

import dev.rag.testing.ServiceContractTest;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GenerationServiceApplicationTest extends ServiceContractTest {

  @Override
  protected String serviceName() {
    return "generation-service";
  }
}
