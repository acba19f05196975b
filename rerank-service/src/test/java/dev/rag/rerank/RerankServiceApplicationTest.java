package dev.rag.rerank;

import dev.rag.testing.ServiceContractTest;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RerankServiceApplicationTest extends ServiceContractTest {

  @Override
  protected String serviceName() {
    return "rerank-service";
  }
}
