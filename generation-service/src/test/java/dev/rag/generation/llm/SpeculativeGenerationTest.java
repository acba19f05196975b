package dev.rag.generation.llm;

import static dev.rag.generation.testing.Http.json;
import static dev.rag.generation.testing.Http.post;
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
import tools.jackson.databind.JsonNode;

/**
 * {@code rag.generation.speculation.mode=lookup} reaches the engine: answers are generated with
 * prompt-lookup drafts verified in one forward pass (that this leaves the tokens unchanged is the
 * runtime's {@code SpeculativeDecodingTest}), and the drafts are counted in the service's metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpeculativeGenerationTest {

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
    registry.add("rag.generation.speculation.mode", () -> "lookup");
    registry.add("rag.generation.speculation.draft-tokens", () -> "3");
  }

  @AfterAll
  static void stopStub() {
    STUB.close();
  }

  @Test
  void answersWithDraftsProposedAndCounted() throws Exception {
    double[] drafts = answerAndCountDrafts(port, meters);
    assertThat(drafts[1]).isBetween(0.0, drafts[0]);
  }

  /** Asks one question; returns the drafts proposed and accepted so far. */
  static double[] answerAndCountDrafts(int port, MeterRegistry meters) throws Exception {
    var response =
        post(
            port,
            "/v1/answers",
            "{\"question\":\"How long should water boil?\",\"max_tokens\":48}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = json(response);
    assertThat(answer.path("mode").asString()).isEqualTo("generative");
    assertThat(answer.path("answer").asString()).isNotBlank();
    double proposed =
        meters
            .get("rag.generation.speculation.drafts")
            .tag("outcome", "proposed")
            .functionCounter()
            .count();
    double accepted =
        meters
            .get("rag.generation.speculation.drafts")
            .tag("outcome", "accepted")
            .functionCounter()
            .count();
    assertThat(proposed).isPositive();
    return new double[] {proposed, accepted};
  }
}
