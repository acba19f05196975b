package dev.rag.embedding.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.embedding.RunningEmbeddingService;
import dev.rag.encoders.BundledModels;
import dev.rag.encoders.inference.BatchingPolicy;
import dev.rag.encoders.inference.TextEmbedder;
import dev.rag.encoders.model.EncoderOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/embeddings} over HTTP against the bundled bge-small: the OpenAI response shape,
 * vectors identical to the library's own (passages and queries), base64 encoding, and a problem
 * detail for every kind of bad input.
 */
class EmbeddingsControllerTest extends RunningEmbeddingService {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String MODEL = BundledModels.BGE_SMALL_ID;

  private static TextEmbedder direct;

  @BeforeAll
  static void loadDirectEmbedder() {
    // The service's defaults: batches of up to 32. A single text runs alone either way.
    direct = BundledModels.bgeSmallEmbedder(EncoderOptions.defaults(), BatchingPolicy.defaults());
  }

  @AfterAll
  static void closeDirectEmbedder() {
    direct.close();
  }

  @Test
  void answersInTheOpenAiShapeWithUnitVectorsFromTheLibrary() throws Exception {
    List<String> texts = List.of("The heart pumps blood.", "Kafka keeps records in partitions.");
    JsonNode body =
        post("{\"input\":" + JSON.writeValueAsString(texts) + ",\"model\":\"" + MODEL + "\"}", 200);

    assertThat(body.path("object").asString()).isEqualTo("list");
    assertThat(body.path("model").asString()).isEqualTo(MODEL);
    assertThat(body.path("data")).hasSize(2);
    for (int i = 0; i < texts.size(); i++) {
      JsonNode item = body.path("data").get(i);
      assertThat(item.path("object").asString()).isEqualTo("embedding");
      assertThat(item.path("index").asInt()).isEqualTo(i);
      float[] vector = floats(item.path("embedding"));
      assertThat(vector).hasSize(384);
      assertThat(norm(vector)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
      // Floats survive JSON exactly (shortest round-trip text); the tolerance only covers parsing
      // via double.
      assertThat(vector)
          .containsExactly(
              direct.embed(texts).vectors().get(i), org.assertj.core.data.Offset.offset(1e-7f));
    }
    long expectedTokens = texts.stream().mapToLong(t -> direct.countTokens(t) + 2).sum();
    assertThat(body.path("usage").path("prompt_tokens").asLong()).isEqualTo(expectedTokens);
    assertThat(body.path("usage").path("total_tokens").asLong()).isEqualTo(expectedTokens);
  }

  @Test
  void aSingleStringInputAndBase64EncodingGiveTheSameFloats() throws Exception {
    String text = "Vitamin D deficiency is common in winter.";
    JsonNode body =
        post("{\"input\":\"" + text + "\",\"encoding_format\":\"base64\",\"dimensions\":384}", 200);

    assertThat(body.path("data")).hasSize(1);
    byte[] bytes =
        Base64.getDecoder().decode(body.path("data").get(0).path("embedding").asString());
    float[] decoded = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(decoded);
    assertThat(decoded).containsExactly(direct.embed(text));
  }

  @Test
  void queryInputTypeAppliesTheQueryInstruction() throws Exception {
    String query = "what causes scurvy";
    JsonNode body = post("{\"input\":[\"" + query + "\"],\"input_type\":\"query\"}", 200);

    float[] vector = floats(body.path("data").get(0).path("embedding"));
    float[] expected = direct.embedQueries(List.of(query)).vectors().getFirst();
    assertThat(vector).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-7f));
    assertThat(vector).isNotEqualTo(direct.embed(query));
  }

  @Test
  void rejectsEveryKindOfBadInputWithAProblemDetail() throws Exception {
    assertProblem("{\"model\":\"" + MODEL + "\"}", "input");
    assertProblem("{\"input\":null}", "input");
    assertProblem("{\"input\":[]}", "input");
    assertProblem("{\"input\":\"\"}", "input");
    assertProblem("{\"input\":\"   \"}", "input");
    assertProblem("{\"input\":42}", "input");
    assertProblem("{\"input\":{\"text\":\"a\"}}", "input");
    assertProblem("{\"input\":[\"ok\",\"\"]}", "input[1]");
    assertProblem("{\"input\":[\"ok\",7]}", "input[1]");
    assertProblem("{\"input\":[[101,2023]]}", "input[0]");
    assertProblem("{\"input\":[\"ok\",null]}", "input[1]");
    assertProblem("{\"input\":\"a\",\"encoding_format\":\"int8\"}", "encoding_format");
    assertProblem("{\"input\":\"a\",\"dimensions\":128}", "dimensions");
    assertProblem("{\"input\":\"a\",\"input_type\":\"document\"}", "input_type");

    JsonNode wrongModel =
        assertProblem("{\"input\":\"a\",\"model\":\"text-embedding-3-small\"}", "model");
    assertThat(wrongModel.path("detail").asString()).contains(MODEL);
    assertThat(wrongModel.path("served_model").asString()).isEqualTo(MODEL);

    JsonNode tooMany =
        assertProblem(
            "{\"input\":" + JSON.writeValueAsString(Collections.nCopies(MAX_INPUTS + 1, "x")) + "}",
            "input");
    assertThat(tooMany.path("limit").asInt()).isEqualTo(MAX_INPUTS);

    JsonNode malformed = post("{\"input\": ", 400);
    assertThat(malformed.path("type").asString()).isEqualTo("urn:rag:problem:malformed-request");
  }

  @Test
  void healthShowsAnonymousCallersTheStatusButNoDetails() throws Exception {
    // Details (model, paths, disk) are for callers with the service token (RerankApiTest shows both
    // sides).
    HttpResponse<String> health =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(JSON.readTree(health.body()).path("status").asString()).isEqualTo("UP");
    assertThat(health.body())
        .doesNotContain("embeddingModel")
        .doesNotContain("diskSpace")
        .doesNotContain(MODEL);
  }

  @Test
  void recordsPassagesTokensAndLatencyMetrics() throws Exception {
    post("{\"input\":[\"metrics one\",\"metrics two\"]}", 200);

    HttpResponse<String> metrics =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body())
        .containsPattern(
            "rag_embedding_passages_total\\{[^}]*input_type=\"passage\"[^}]*source=\"api\"[^}]*} [1-9]")
        .contains("rag_embedding_tokens_total")
        .contains("rag_embedding_latency_seconds_count")
        .contains("rag_embedding_batch_size_texts_count");
  }

  private JsonNode assertProblem(String json, String field) throws Exception {
    JsonNode problem = post(json, 400);
    assertThat(problem.path("type").asString()).as(json).isEqualTo("urn:rag:problem:validation");
    assertThat(problem.path("field").asString()).as(json).isEqualTo(field);
    return problem;
  }

  private JsonNode post(String json, int expectedStatus) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/embeddings"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
    if (expectedStatus >= 400) {
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }
    return JSON.readTree(response.body());
  }

  private static float[] floats(JsonNode array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).floatValue();
    }
    return values;
  }

  private static double norm(float[] vector) {
    double sum = 0;
    for (float v : vector) {
      sum += (double) v * v;
    }
    return Math.sqrt(sum);
  }
}
