package dev.rag.ingest;

import dev.rag.ingest.support.IngestServiceTest;
import dev.rag.testing.ServiceContractTest;

@IngestServiceTest
class IngestServiceApplicationTest extends ServiceContractTest {

  @Override
  protected String serviceName() {
    return "ingest-service";
  }
}
