package dev.rag.generation.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.generation.testing.ReferenceModel;
import dev.rag.generation.testing.StubRetrieval;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code rag.generation.speculation.mode=draft} reaches the engine: stories260K answers with the
 * same model in Q8_0 as its draft, which nearly always agrees (that drafts never change the tokens
 * is the runtime's {@code DraftModelTest}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DraftModelGenerationTest {

  private static final StubRetrieval STUB = new StubRetrieval();

  @Value("${local.server.port}")
  int port;

  @Autowired MeterRegistry meters;

  @DynamicPropertySource
  static void configure(DynamicPropertyRegistry registry) {
    registry.add("rag.generation.model", () -> ReferenceModel.stories260K().toString());
    registry.add("rag.generation.context-tokens", () -> "512");
    registry.add("rag.generation.retrieval-url", () -> STUB.uri().toString());
    registry.add("rag.generation.rerank-url", () -> STUB.uri().toString());
    registry.add("rag.generation.speculation.mode", () -> "draft");
    registry.add(
        "rag.generation.speculation.draft-model",
        () -> ReferenceModel.stories260K().resolveSibling("stories260K-q8_0.gguf").toString());
  }

  @AfterAll
  static void stopStub() {
    STUB.close();
  }

  @Test
  void answersWithTheDraftModelsProposalsMostlyAccepted() throws Exception {
    double[] drafts = SpeculativeGenerationTest.answerAndCountDrafts(port, meters);
    assertThat(drafts[1] / drafts[0]).isGreaterThan(0.5);
  }
}
