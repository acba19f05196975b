package dev.rag.gateway;

import dev.rag.testing.ServiceContractTest;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayApplicationTest extends ServiceContractTest {

  @Override
  protected String serviceName() {
    return "gateway";
  }
}
