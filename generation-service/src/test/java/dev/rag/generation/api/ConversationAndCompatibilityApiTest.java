package dev.rag.generation.api;

import static dev.rag.generation.testing.Http.json;
import static dev.rag.generation.testing.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.generation.testing.Http;
import dev.rag.generation.testing.StubRetrieval;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Conversations on both answer APIs and what OpenAI client libraries rely on in chat completions,
 * over real HTTP against the extractive service and a stand-in retrieval-service (the gateway and
 * the official client are exercised end to end in e2e-tests).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "rag.generation.conversation.max-turns=4",
      "rag.generation.conversation.max-chars=2000"
    })
class ConversationAndCompatibilityApiTest {

  private static final StubRetrieval STUB = new StubRetrieval();

  @Value("${local.server.port}")
  int port;

  @DynamicPropertySource
  static void downstream(DynamicPropertyRegistry registry) {
    registry.add("rag.generation.retrieval-url", () -> STUB.uri().toString());
    registry.add("rag.generation.rerank-url", () -> STUB.uri().toString());
  }

  @AfterAll
  static void stopStub() {
    STUB.close();
  }

  @Test
  void aFollowUpIsRewrittenAgainstItsHistoryAndCitesOnlyWhatTheRewriteFound() throws Exception {
    JsonNode answer =
        json(
            post(
                port,
                "/v1/answers",
                """
                {"question":"When is it lifted?","messages":[
                 {"role":"user","content":"How long should I boil tap water during a boil water advisory?"},
                 {"role":"assistant","content":"Bring tap water to a rolling boil for one minute [1]."}]}"""));

    assertThat(answer.path("rewrittenQuery").asString())
        .isEqualTo("When is boil water advisory lifted?");
    assertThat(answer.path("answer").asString()).contains("two consecutive days of clean samples");
    assertThat(answer.path("citations").get(0).path("section").asString())
        .contains("Boil Water Advisories");
    assertThat(answer.path("citations"))
        .allSatisfy(c -> assertThat(c.path("documentId").asString()).isNotBlank());

    JsonNode alone =
        json(post(port, "/v1/answers", "{\"question\":\"How do I thaw a frozen pipe?\"}"));
    assertThat(alone.path("rewrittenQuery").isNull()).isTrue();
  }

  @Test
  void chatCompletionsUseTheWholeHistoryAndAcceptDeveloperMessagesAndTextParts() throws Exception {
    var response =
        post(
            port,
            "/v1/chat/completions",
            """
            {"model":"rag","messages":[
             {"role":"developer","content":"Answer briefly."},
             {"role":"user","content":[{"type":"text","text":"What should I do about burst pipes?"}]},
             {"role":"assistant","content":"Report it to the emergency line [1]."},
             {"role":"user","content":[{"type":"text","text":"And what about"},{"type":"text","text":"frozen ones?"}]}]}""");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode completion = json(response);
    assertThat(completion.path("model").asString()).isEqualTo("rag");
    assertThat(completion.path("rewritten_query").asString())
        .isEqualTo("What should I do about frozen pipes?");
    assertThat(completion.path("citations").get(0).path("section").asString())
        .contains("Frozen Pipes");
    JsonNode usage = completion.path("usage");
    assertThat(usage.path("prompt_tokens").asInt()).isPositive();
    assertThat(usage.path("completion_tokens").asInt()).isPositive();
    assertThat(usage.path("total_tokens").asInt())
        .isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());
  }

  @Test
  void streamedChunksHaveASpaceAfterDataAndUsageOnTheLastChunk() throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"extractive\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Who thaws frozen service lines on the street side?\"}]}"))
            .build();
    List<String> lines;
    try (var reader =
        new BufferedReader(
            new InputStreamReader(
                HttpClient.newHttpClient()
                    .send(request, HttpResponse.BodyHandlers.ofInputStream())
                    .body(),
                StandardCharsets.UTF_8))) {
      lines = reader.lines().filter(l -> !l.isEmpty()).toList();
    }

    assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("data: "));
    assertThat(lines.getLast()).isEqualTo("data: [DONE]");
    JsonNode last = Http.JSON.readTree(lines.get(lines.size() - 2).substring(6));
    assertThat(last.path("model").asString()).isEqualTo("extractive");
    assertThat(last.path("usage").path("completion_tokens").asInt()).isPositive();
    JsonNode first = Http.JSON.readTree(lines.getFirst().substring(6));
    assertThat(first.has("usage")).isFalse();
  }

  @Test
  void modelsListWhatChatCompletionsAccept() throws Exception {
    var client = HttpClient.newHttpClient();
    var list =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models")).build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body = json(list);
    assertThat(body.path("object").asString()).isEqualTo("list");
    assertThat(body.path("data").findValuesAsString("id")).containsExactly("rag", "extractive");
    assertThat(body.path("data").get(0).path("owned_by").asString()).isEqualTo("rag-platform");

    var one =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models/extractive"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(json(one).path("id").asString()).isEqualTo("extractive");
    var missing =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models/gpt-4o"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void unsupportedRequestsAndBadHistoriesGetProblemDetails() throws Exception {
    String question = "{\"role\":\"user\",\"content\":\"How do I thaw a frozen pipe?\"}";
    Map<String, String> chat = new LinkedHashMap<>();
    chat.put(
        "{\"model\":\"gpt-4o\",\"messages\":[" + question + "]}", "404 urn:rag:problem:not-found");
    chat.put(
        "{\"messages\":[" + question + "],\"tools\":[{\"type\":\"function\"}]}",
        "400 urn:rag:problem:validation tools");
    chat.put(
        "{\"messages\":[" + question + "],\"tool_choice\":\"auto\"}",
        "400 urn:rag:problem:validation tool_choice");
    chat.put(
        "{\"messages\":[" + question + "],\"response_format\":{\"type\":\"json_object\"}}",
        "400 urn:rag:problem:validation response_format");
    chat.put(
        "{\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}," + question + "]}",
        "400 urn:rag:problem:validation messages[0].role");
    chat.put(
        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}",
        "400 urn:rag:problem:validation messages[0].content[0]");
    chat.put(
        "{\"messages\":[" + (question + ",").repeat(5) + question + "]}",
        "400 urn:rag:problem:validation messages");
    for (var e : chat.entrySet()) {
      assertProblem(post(port, "/v1/chat/completions", e.getKey()), e.getValue());
    }
    Map<String, String> answers = new LinkedHashMap<>();
    answers.put(
        "{\"question\":\"q?\",\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}",
        "400 urn:rag:problem:validation messages[0].role");
    answers.put(
        "{\"question\":\"q?\",\"messages\":[{\"role\":\"user\"}]}",
        "400 urn:rag:problem:validation messages[0].content");
    answers.put(
        "{\"question\":\"q?\",\"messages\":[{\"role\":\"user\",\"content\":\""
            + "z".repeat(2001)
            + "\"}]}",
        "413 urn:rag:problem:payload-too-large messages");
    for (var e : answers.entrySet()) {
      assertProblem(post(port, "/v1/answers", e.getKey()), e.getValue());
    }
  }

  private static void assertProblem(HttpResponse<String> response, String expected) {
    String[] parts = expected.split(" ");
    String what = response.body().substring(0, Math.min(300, response.body().length()));
    assertThat(response.statusCode()).as(what).isEqualTo(Integer.parseInt(parts[0]));
    JsonNode problem = json(response);
    assertThat(problem.path("type").asString()).as(what).isEqualTo(parts[1]);
    if (parts.length > 2) {
      assertThat(problem.path("field").asString()).as(what).isEqualTo(parts[2]);
    }
  }
}
