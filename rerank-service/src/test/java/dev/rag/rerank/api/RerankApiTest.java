package dev.rag.rerank.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.encoders.inference.CrossEncoder;
import dev.rag.encoders.inference.CrossEncoderOptions;
import dev.rag.encoders.model.EncoderModel;
import dev.rag.encoders.model.EncoderOptions;
import dev.rag.encoders.onnx.BertShape;
import dev.rag.encoders.onnx.CrossEncoderModelWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rerank API over HTTP with a real cross-encoder ONNX model written by our own graph writer
 * (random weights, fixed seed; its scores are proven against a plain-Java BERT in text-encoders).
 * Here: ordering, top_n, echoed documents and every kind of bad input, with a service token
 * configured as in compose and Helm: calls without it are refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RerankApiTest {

  private static final Path MODEL_DIR = writeModel();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String TOKEN = "rerank-test-service-token-0123456789";
  private static final List<String> DOCS =
      List.of(
          "the heart pumps blood through the body",
          "a short note",
          "blood pressure rises with salt in the diet and falls with exercise",
          "the market closed higher on friday");

  @Value("${local.server.port}")
  int port;

  @DynamicPropertySource
  static void model(DynamicPropertyRegistry registry) {
    registry.add("rag.rerank.model-dir", MODEL_DIR::toString);
    registry.add("rag.rerank.max-documents", () -> "10");
    registry.add("rag.security.service-token", () -> TOKEN);
  }

  private static Path writeModel() {
    try {
      Path dir = Files.createTempDirectory("rerank-model");
      CrossEncoderModelWriter.write(
          dir,
          new BertShape(CrossEncoderModelWriter.builtInVocabularySize(), 32, 2, 4, 64, 64),
          42L);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void ranksDocumentsByTheModelsScoreBestFirst() throws Exception {
    JsonNode body =
        post(
            """
        {"query":"what raises blood pressure","documents":%s}"""
                .formatted(JSON.writeValueAsString(DOCS)),
            200);

    assertThat(body.path("model").asString()).isEqualTo(MODEL_DIR.getFileName().toString());
    assertThat(body.path("reranked").asBoolean()).isTrue();
    float[] expected = scoreDirectly("what raises blood pressure", DOCS);
    List<Integer> indexes = new ArrayList<>();
    float previous = Float.POSITIVE_INFINITY;
    for (JsonNode result : body.path("results")) {
      int index = result.path("index").asInt();
      float score = result.path("relevance_score").floatValue();
      assertThat(score).isCloseTo(expected[index], org.assertj.core.data.Offset.offset(1e-5f));
      assertThat(score).isLessThanOrEqualTo(previous);
      assertThat(result.has("document")).isFalse();
      previous = score;
      indexes.add(index);
    }
    assertThat(indexes).containsExactlyInAnyOrder(0, 1, 2, 3);
  }

  @Test
  void topNCutsTheListAndDocumentsAreEchoedOnRequest() throws Exception {
    JsonNode body =
        post(
            """
        {"query":"blood","documents":%s,"top_n":2,"return_documents":true}"""
                .formatted(JSON.writeValueAsString(DOCS)),
            200);

    assertThat(body.path("results")).hasSize(2);
    for (JsonNode result : body.path("results")) {
      assertThat(result.path("document").path("text").asString())
          .isEqualTo(DOCS.get(result.path("index").asInt()));
    }
  }

  @Test
  void rejectsBadInputWithProblemDetails() throws Exception {
    String docs = JSON.writeValueAsString(DOCS);
    assertProblem("{\"query\":\"\",\"documents\":" + docs + "}", "query");
    assertProblem("{\"query\":\"q\",\"documents\":[]}", "documents");
    assertProblem(
        "{\"query\":\"q\",\"documents\":"
            + JSON.writeValueAsString(java.util.Collections.nCopies(11, "x"))
            + "}",
        "documents");
    assertProblem("{\"query\":\"q\",\"documents\":" + docs + ",\"top_n\":0}", "top_n");
    assertProblem("{\"query\":\"q\",\"documents\":" + docs + ",\"top_n\":5}", "top_n");
    assertProblem("{\"query\":\"q\",\"documents\":[\"ok\", 7]}", "documents[1]");
    assertProblem("{\"query\":\"q\",\"documents\":[\"ok\", {\"text\":\"x\"}]}", "documents[1]");

    JsonNode malformed = post("{\"query\": ", 400);
    assertThat(malformed.path("type").asString()).isEqualTo("urn:rag:problem:malformed-request");
  }

  @Test
  void healthNamesTheModelOnlyToCallersWithTheServiceToken() throws Exception {
    HttpResponse<String> health = send("/actuator/health", TOKEN);
    assertThat(
            JSON.readTree(health.body())
                .path("components")
                .path("rerankModel")
                .path("details")
                .path("model")
                .asString())
        .isEqualTo(MODEL_DIR.getFileName().toString());
    HttpResponse<String> anonymous = send("/actuator/health", null);
    assertThat(anonymous.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(anonymous.body()).path("status").asString()).isEqualTo("UP");
    assertThat(anonymous.body()).doesNotContain("components").doesNotContain("rerankModel");
  }

  @Test
  void refusesEveryCallWithoutTheServiceTokenButProbesAndScrapes() throws Exception {
    for (String token : new String[] {null, "", "wrong-token-of-sufficient-length", TOKEN + "x"}) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/rerank"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"q\",\"documents\":[\"a\"]}"));
      if (token != null) {
        request.header("X-Rag-Service-Token", token);
      }
      HttpResponse<String> refused =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).as("token %s", token).isEqualTo(401);
      assertThat(JSON.readTree(refused.body()).path("type").asString())
          .isEqualTo("urn:rag:problem:unauthorized");
    }
    for (String path :
        new String[] {
          "/v3/api-docs",
          "/actuator/metrics",
          "/v1/rerank;x",
          "/actuator/health/../metrics",
          "/no/such/path"
        }) {
      assertThat(send(path, null).statusCode()).as(path).isEqualTo(401);
    }
    for (String path :
        new String[] {
          "/actuator/health/readiness", "/actuator/health/liveness", "/actuator/prometheus"
        }) {
      assertThat(send(path, null).statusCode()).as(path).isEqualTo(200);
    }
    assertThat(send("/v3/api-docs", TOKEN).statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> send(String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      request.header("X-Rag-Service-Token", token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void assertProblem(String json, String field) throws Exception {
    JsonNode problem = post(json, 400);
    assertThat(problem.path("type").asString()).isEqualTo("urn:rag:problem:validation");
    assertThat(problem.path("field").asString()).isEqualTo(field);
  }

  private JsonNode post(String json, int expectedStatus) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/rerank"))
                .header("Content-Type", "application/json")
                .header("X-Rag-Service-Token", TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
    return JSON.readTree(response.body());
  }

  private static float[] scoreDirectly(String query, List<String> passages) {
    try (var encoder =
        new CrossEncoder(
            EncoderModel.load("direct", MODEL_DIR, EncoderOptions.defaults()),
            CrossEncoderOptions.defaults())) {
      return encoder.score(query, passages).scores();
    }
  }
}
