package dev.rag.contracts.rerank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The rerank records on the wire: Cohere's field names. */
class RerankContractJsonTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void aRequestCarriesCohereNames() {
    assertThat(JSON.writeValueAsString(RerankRequest.of("q", List.of("a", "b"), 1)))
        .isEqualTo("{\"query\":\"q\",\"documents\":[\"a\",\"b\"],\"top_n\":1}");
  }

  @Test
  void aResponseReadsScoresAndLeavesOutAbsentOnes() {
    RerankResponse response =
        JSON.readValue(
            "{\"id\":\"x\",\"model\":\"ms-marco\",\"reranked\":true,\"results\":"
                + "[{\"index\":1,\"relevance_score\":0.75},{\"index\":0,\"relevance_score\":-2.5}]}",
            RerankResponse.class);

    assertThat(response.results())
        .extracting(RerankResponse.Result::index, RerankResponse.Result::relevanceScore)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 0.75f),
            org.assertj.core.groups.Tuple.tuple(0, -2.5f));
    assertThat(JSON.writeValueAsString(new RerankResponse.Result(2, null, null)))
        .isEqualTo("{\"index\":2}");
  }
}
