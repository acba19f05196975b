package dev.rag.generation.expansion;

import static dev.rag.generation.testing.Http.json;
import static dev.rag.generation.testing.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.generation.testing.ReferenceModel;
import dev.rag.generation.testing.StubRetrieval;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * HyDE and multi-query switched on with a real model (stories260K, whose passages and rewrites are
 * story noise, so what is checked is what retrieval is asked): the question's own hybrid search,
 * the model's rewrites in the same mode, and its hypothetical answer as a dense search, all for one
 * answer, which is still made from the fused hits.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "rag.generation.retrieval.hyde=true",
      "rag.generation.retrieval.multi-query=true",
      "rag.generation.retrieval.queries=2",
      "rag.generation.retrieval.max-tokens=32",
      "rag.generation.context-tokens=512"
    })
class QueryExpansionTest {

  private static final StubRetrieval STUB = new StubRetrieval();

  @Value("${local.server.port}")
  int port;

  @DynamicPropertySource
  static void configure(DynamicPropertyRegistry registry) {
    registry.add("rag.generation.model", () -> ReferenceModel.stories260K().toString());
    registry.add("rag.generation.retrieval-url", () -> STUB.uri().toString());
    registry.add("rag.generation.rerank-url", () -> STUB.uri().toString());
  }

  @AfterAll
  static void stopStub() {
    STUB.close();
  }

  @Test
  void oneAnswerRetrievesWithTheQuestionItsRewritesAndAHypotheticalAnswer() throws Exception {
    String question = "How long should water boil?";
    int before = STUB.retrieveRequests().size();

    var response =
        post(port, "/v1/answers", "{\"question\":\"" + question + "\",\"max_tokens\":16}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = json(response);
    assertThat(answer.path("mode").asString()).isEqualTo("generative");
    assertThat(answer.path("sources")).isNotEmpty();
    List<JsonNode> asked = STUB.retrieveRequests().subList(before, STUB.retrieveRequests().size());
    assertThat(asked.getFirst().path("query").asString()).isEqualTo(question);
    assertThat(asked.getFirst().path("mode").asString()).isEqualTo("hybrid");
    List<JsonNode> dense =
        asked.stream().filter(r -> r.path("mode").asString().equals("dense")).toList();
    assertThat(dense).hasSize(1);
    assertThat(dense.getFirst().path("query").asString()).isNotBlank().isNotEqualTo(question);
    assertThat(asked.size()).as(asked.toString()).isBetween(3, 4);
    assertThat(asked.subList(1, asked.size() - 1))
        .allSatisfy(r -> assertThat(r.path("mode").asString()).isEqualTo("hybrid"))
        .allSatisfy(r -> assertThat(r.path("query").asString()).isNotEqualTo(question));
  }

  @Test
  void aRequestChoosesItsOwnExpansionsOverTheConfiguredOnes() throws Exception {
    String question = "Where do the pipes freeze?";

    List<JsonNode> none = askedFor(question, "[]");
    assertThat(none).hasSize(1);
    assertThat(none.getFirst().path("query").asString()).isEqualTo(question);

    List<JsonNode> hydeOnly = askedFor(question, "[\"hyde\"]");
    assertThat(hydeOnly)
        .extracting(r -> r.path("mode").asString())
        .containsExactly("hybrid", "dense");

    List<JsonNode> rewritesOnly = askedFor(question, "[\"multi-query\",\"multi-query\"]");
    assertThat(rewritesOnly)
        .hasSizeBetween(2, 3)
        .allSatisfy(r -> assertThat(r.path("mode").asString()).isEqualTo("hybrid"));
  }

  private List<JsonNode> askedFor(String question, String expansions) throws Exception {
    int before = STUB.retrieveRequests().size();
    var response =
        post(
            port,
            "/v1/answers",
            "{\"question\":\""
                + question
                + "\",\"max_tokens\":8,\"expansions\":"
                + expansions
                + "}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return List.copyOf(STUB.retrieveRequests().subList(before, STUB.retrieveRequests().size()));
  }
}
