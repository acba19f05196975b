package dev.rag.embedding;

import dev.rag.contracts.topics.Topics;
import dev.rag.testing.Infrastructure;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One started embedding-service (bundled bge-small, real Kafka) shared by the API and processor
 * tests: same configuration, so Spring reuses the context and the model loads once. Its processor
 * consumes {@code rag.chunks} in a fresh group that starts at the topic's current end, so other
 * tests' chunks on the shared broker are not embedded here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class RunningEmbeddingService {

  /** Small, so the limit is cheap to exceed in a test. */
  protected static final int MAX_INPUTS = 8;

  @Value("${local.server.port}")
  protected int port;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    Infrastructure.registerKafka(registry);
    registry.add("rag.embedding.max-inputs", () -> MAX_INPUTS);
    registry.add(
        "rag.embedding.group-id",
        () -> KafkaTestTopics.groupStartingAtEnd("embedding-service-test", Topics.CHUNKS));
  }
}
