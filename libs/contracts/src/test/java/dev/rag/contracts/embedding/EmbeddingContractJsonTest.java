package dev.rag.contracts.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The embedding records on the wire: OpenAI's field names, both vector encodings readable. */
class EmbeddingContractJsonTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void aRequestCarriesOpenAiNamesAndLeavesOutWhatIsUnset() {
    String json =
        JSON.writeValueAsString(
            EmbeddingRequest.of(List.of("boil water", "lead pipes"), EmbeddingRequest.QUERY));

    assertThat(json)
        .isEqualTo("{\"input\":[\"boil water\",\"lead pipes\"],\"input_type\":\"query\"}");
  }

  @Test
  void aClientReadsFloatAndBase64VectorsAlike() {
    String floats =
        "{\"object\":\"list\",\"model\":\"m\",\"data\":[{\"object\":\"embedding\",\"index\":0,"
            + "\"embedding\":[0.5,-1.25]}],\"usage\":{\"prompt_tokens\":3,\"total_tokens\":3}}";
    // 0.5f and -1.25f as little-endian float32: 00 00 00 3F, 00 00 A0 BF.
    String base64 = floats.replace("[0.5,-1.25]", "\"AAAAPwAAoL8=\"");

    EmbeddingResponse fromFloats = JSON.readValue(floats, EmbeddingResponse.class);
    EmbeddingResponse fromBase64 = JSON.readValue(base64, EmbeddingResponse.class);

    assertThat(fromFloats.data().getFirst().vector()).containsExactly(0.5f, -1.25f);
    assertThat(fromBase64.data().getFirst().vector()).containsExactly(0.5f, -1.25f);
    assertThat(fromFloats.usage().totalTokens()).isEqualTo(3);
  }

  @Test
  void anItemWithoutAVectorSaysWhichOne() {
    assertThatThrownBy(() -> new EmbeddingResponse.Item(4, null).vector())
        .hasMessageContaining("item 4");
  }

  @Test
  void aQueryEmbeddingRoundTrips() {
    QueryEmbeddingResponse response =
        JSON.readValue(
            JSON.writeValueAsString(
                new QueryEmbeddingResponse("m", new float[] {0.6f, 0.8f}, true)),
            QueryEmbeddingResponse.class);

    assertThat(response.model()).isEqualTo("m");
    assertThat(response.embedding()).containsExactly(0.6f, 0.8f);
    assertThat(response.cached()).isTrue();
  }
}
