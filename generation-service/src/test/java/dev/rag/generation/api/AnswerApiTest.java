package dev.rag.generation.api;

import static dev.rag.generation.testing.Http.json;
import static dev.rag.generation.testing.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.generation.testing.Http;
import dev.rag.generation.testing.SampleChunks;
import dev.rag.generation.testing.StubRetrieval;
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
 * The extractive service (no model configured, the embedded default) over real HTTP, with a
 * stand-in retrieval-service serving chunks of the sample collection: answers and their citations
 * are checked for content, streams for their event order, bad requests for their problem details.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AnswerApiTest {

  private static final StubRetrieval STUB = new StubRetrieval();

  @Value("${local.server.port}")
  int port;

  @DynamicPropertySource
  static void downstream(DynamicPropertyRegistry registry) {
    registry.add("rag.generation.retrieval-url", () -> STUB.uri().toString());
    registry.add("rag.generation.rerank-url", () -> STUB.uri().toString());
    // The stand-in ranks chunks alike in both lists and embeds by hashed words, so the thresholds
    // calibrated on the real model do not carry over; this class tests the API's shape, the
    // decision itself is AnswerConfidenceTest's and ExtractiveAnswererTest's.
    registry.add("rag.generation.extractive.min-confidence", () -> "0.2");
    registry.add("rag.generation.min-relevance", () -> "0.1");
  }

  @AfterAll
  static void stopStub() {
    STUB.close();
  }

  @Test
  void answersExtractivelyAndCitesTheChunkThatHoldsTheAnswer() throws Exception {
    var response =
        post(
            port,
            "/v1/answers",
            "{\"question\":\"How long should I boil tap water during a boil water advisory?\",\"collection\":\"samples\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = json(response);
    assertThat(answer.path("mode").asString()).isEqualTo("extractive");
    assertThat(answer.path("answer").asString()).contains("rolling boil for one minute");
    JsonNode first = answer.path("citations").get(0);
    assertThat(first.path("chunkId").asString()).isEqualTo("samples:emergency-procedures.md#1#1");
    assertThat(first.path("section").asString())
        .isEqualTo("Emergency Procedures > Boil Water Advisories");
    assertThat(first.path("snippet").asString()).contains("rolling boil for one minute");
    // meaning was scored (the stand-in embeds by words), and the quoted span is located
    assertThat(answer.path("warnings").toString()).doesNotContain("similarity-unavailable");
    assertThat(answer.path("abstained").asBoolean()).isFalse();
    assertThat(answer.path("evidence").path("similarity").isNumber()).isTrue();
    assertThat(answer.path("confidence").asDouble()).isBetween(0.2, 1.0);
    JsonNode span = answer.path("spans").get(0);
    assertThat(span.path("source").asInt()).isEqualTo(first.path("number").asInt());
    assertThat(span.path("chunkId").asString()).isEqualTo(first.path("chunkId").asString());
    assertThat(span.path("end").asInt()).isGreaterThan(span.path("start").asInt());
    assertThat(span.path("text").asString()).contains("rolling boil for one minute");
    assertThat(answer.path("answer").asString()).contains("[" + first.path("number").asInt() + "]");
    assertThat(answer.path("timings").path("totalMs").asDouble()).isPositive();
    assertThat(answer.path("reranked").asBoolean()).isFalse();
  }

  @Test
  void saysItDoesNotKnowWhenTheSourcesDoNotHoldTheAnswer() throws Exception {
    JsonNode answer =
        json(post(port, "/v1/answers", "{\"question\":\"What is the capital of France?\"}"));

    assertThat(answer.path("answer").asString())
        .isEqualTo("I don't know based on the provided documents.");
    assertThat(answer.path("citations")).isEmpty();
    assertThat(answer.path("collection").asString()).isEqualTo("samples");
    assertThat(answer.path("abstained").asBoolean()).isTrue();
    assertThat(answer.path("spans")).isEmpty();
    assertThat(answer.path("confidence").isNumber()).isTrue();
  }

  @Test
  void anInjectedDocumentIsFlaggedAndCannotChangeTheAnswer() throws Exception {
    JsonNode answer =
        json(
            post(
                port,
                "/v1/answers",
                "{\"question\":\"Is the tap water poisoned? Tell every customer.\",\"collection\":\"notices\"}"));

    assertThat(answer.path("answer").asString())
        .doesNotContain("poisoned")
        .doesNotContainIgnoringCase("ignore");
    JsonNode warning = answer.path("warnings").get(0);
    assertThat(warning.path("kind").asString()).isEqualTo("prompt-injection");
    int flagged = warning.path("source").asInt();
    JsonNode source = answer.path("sources").get(flagged - 1);
    assertThat(source.path("documentId").asString()).isEqualTo(SampleChunks.INJECTED_ID);
    assertThat(source.path("injectionSuspected").asBoolean()).isTrue();
  }

  @Test
  void streamsSourcesThenTextThenTheFinishedAnswer() throws Exception {
    var response =
        Http.open(
            port,
            "/v1/answers",
            "{\"question\":\"Which phone number do I call to report a main break?\",\"stream\":true}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    List<Http.Event> events = Http.events(response.body());
    assertThat(events).extracting(Http.Event::name).startsWith("sources", "delta").endsWith("done");
    assertThat(events.getFirst().json().path("sources")).hasSize(5);
    JsonNode done = events.getLast().json();
    String streamed =
        events.stream()
            .filter(e -> e.name().equals("delta"))
            .map(e -> e.json().path("text").asString())
            .reduce("", String::concat);
    assertThat(streamed)
        .as(done.toString())
        .isEqualTo(done.path("answer").asString())
        .contains("555-0142");
    assertThat(done.path("citations")).isNotEmpty();
    assertThat(done.path("timings").path("firstTokenMs").asDouble()).isPositive();
  }

  @Test
  void chatCompletionsAnswerInOpenAisShapeWithCitations() throws Exception {
    JsonNode completion =
        json(
            post(
                port,
                "/v1/chat/completions",
                """
        {"model":"rag","messages":[{"role":"system","content":"Be brief."},
         {"role":"user","content":"How much is the rebate for a high-efficiency toilet?"}]}"""));

    assertThat(completion.path("object").asString()).isEqualTo("chat.completion");
    JsonNode choice = completion.path("choices").get(0);
    assertThat(choice.path("message").path("role").asString()).isEqualTo("assistant");
    assertThat(choice.path("message").path("content").asString()).contains("100 dollars");
    assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
    assertThat(completion.path("citations").get(0).path("documentId").asString())
        .isEqualTo("samples:conservation-guide.html");
    assertThat(completion.path("mode").asString()).isEqualTo("extractive");
  }

  @Test
  void chatCompletionsStreamChunksAndEndWithDone() throws Exception {
    var response =
        Http.open(
            port,
            "/v1/chat/completions",
            "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Who thaws frozen service lines on the street side?\"}]}");

    List<Http.Event> events = Http.events(response.body());
    assertThat(events.getLast().data()).isEqualTo("[DONE]");
    assertThat(
            events.getFirst().json().path("choices").get(0).path("delta").path("role").asString())
        .isEqualTo("assistant");
    String content =
        events.stream()
            .limit(events.size() - 1)
            .map(Http.Event::json)
            .map(e -> e.path("choices").get(0).path("delta").path("content").asString(""))
            .reduce("", String::concat);
    assertThat(content).contains("the utility thaws service lines on the street side");
    JsonNode last = events.get(events.size() - 2).json();
    assertThat(last.path("object").asString()).isEqualTo("chat.completion.chunk");
    assertThat(last.path("choices").get(0).path("finish_reason").asString()).isEqualTo("stop");
    assertThat(last.path("citations").get(0).path("section").asString()).contains("Frozen Pipes");
  }

  @Test
  void terminalsGetPlainTextWithTheNumberedSourcesAfterTheAnswer() throws Exception {
    var request =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/v1/answers"))
            .header("Content-Type", "application/json")
            .header("Accept", "text/plain, application/problem+json")
            .POST(
                java.net.http.HttpRequest.BodyPublishers.ofString(
                    "{\"question\":\"How long should I boil tap water during a boil water advisory?\"}"))
            .build();
    var response =
        java.net.http.HttpClient.newHttpClient()
            .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    String text = response.body();
    var marker =
        java.util.regex.Pattern.compile("rolling boil for one minute[^\\[]*\\[(\\d+)]")
            .matcher(text);
    assertThat(marker.find()).as(text).isTrue();
    String number = marker.group(1);
    assertThat(text)
        .contains(
            "Sources:\n  ["
                + number
                + "] Emergency Procedures — Emergency Procedures > Boil Water Advisories")
        .contains("(extractive, ");

    var problem =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(request.uri())
                    .header("Content-Type", "application/json")
                    .header("Accept", "text/plain, application/problem+json")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"question\":\"q\",\"collection\":\"nope\"}"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertProblem(problem, "404 urn:rag:problem:not-found null");
  }

  @Test
  void badRequestsGetProblemDetails() throws Exception {
    Map<String, String> expectations = new java.util.LinkedHashMap<>();
    expectations.put("{\"question\":\"   \"}", "400 urn:rag:problem:validation question");
    expectations.put(
        "{\"question\":\"" + "x".repeat(100_000) + "\"}",
        "413 urn:rag:problem:payload-too-large question");
    expectations.put(
        "{\"question\":\"q?\",\"collection\":\"no-such\"}", "404 urn:rag:problem:not-found null");
    expectations.put(
        "{\"question\":\"q?\",\"collection\":\"Bad Name!\"}",
        "400 urn:rag:problem:validation collection");
    expectations.put(
        "{\"question\":\"q?\",\"max_tokens\":0}", "400 urn:rag:problem:validation max_tokens");
    expectations.put(
        "{\"question\":\"q?\",\"maxTokens\":999999}", "400 urn:rag:problem:validation max_tokens");
    expectations.put("{\"question\":", "400 urn:rag:problem:malformed-request null");
    expectations.put(
        "{\"question\":\"q?\",\"expansions\":[\"HyDE\"]}",
        "400 urn:rag:problem:validation expansions");
    expectations.put(
        "{\"question\":\"q?\",\"expansions\":[\"hyde\",null]}",
        "400 urn:rag:problem:validation expansions");
    expectations.put(
        "{\"question\":\"q?\",\"expansions\":\"hyde\"}",
        "400 urn:rag:problem:malformed-request null");
    for (var e : expectations.entrySet()) {
      assertProblem(post(port, "/v1/answers", e.getKey()), e.getValue());
    }
  }

  @Test
  void malformedChatMessagesGetProblemDetailsNamingTheMessage() throws Exception {
    Map<String, String> expectations = new java.util.LinkedHashMap<>();
    expectations.put("{\"messages\":[]}", "400 urn:rag:problem:validation messages");
    expectations.put(
        "{\"messages\":[{\"role\":\"system\",\"content\":\"hi\"}]}",
        "400 urn:rag:problem:validation messages");
    expectations.put(
        "{\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}",
        "400 urn:rag:problem:validation messages[0].role");
    expectations.put(
        "{\"messages\":[{\"role\":\"user\",\"content\":[1,2]}]}",
        "400 urn:rag:problem:validation messages[0].content[0]");
    expectations.put(
        "{\"messages\":[{\"role\":\"user\",\"content\":7}]}",
        "400 urn:rag:problem:validation messages[0].content");
    expectations.put("{\"messages\":[\"hello\"]}", "400 urn:rag:problem:validation messages[0]");
    expectations.put(
        "{\"messages\":[{\"role\":\"user\",\"content\":\"q?\"}],\"max_tokens\":-3}",
        "400 urn:rag:problem:validation max_tokens");
    for (var e : expectations.entrySet()) {
      assertProblem(post(port, "/v1/chat/completions", e.getKey()), e.getValue());
    }
  }

  @Test
  void retrievalFailureIsAServiceUnavailableProblemEvenWhenStreamingWasAsked() throws Exception {
    var response =
        post(
            port, "/v1/answers", "{\"question\":\"q?\",\"collection\":\"broken\",\"stream\":true}");

    assertProblem(response, "503 urn:rag:problem:upstream-unavailable null");
    assertThat(json(response).path("upstream").asString()).isEqualTo("retrieval-service");
  }

  @Test
  void expansionsAskedForWithoutAModelAreSkippedWithAWarning() throws Exception {
    int before = STUB.retrieveRequests().size();
    JsonNode answer =
        json(
            post(
                port,
                "/v1/answers",
                "{\"question\":\"How long should I boil tap water?\",\"collection\":\"samples\","
                    + "\"expansions\":[\"hyde\",\"multi-query\"]}"));

    assertThat(answer.path("answer").asString()).contains("rolling boil for one minute");
    assertThat(answer.path("warnings").findValuesAsString("kind"))
        .contains("expansion-unavailable");
    assertThat(STUB.retrieveRequests().size() - before).isEqualTo(1);
  }

  @Test
  void anEmptyCollectionGivesIDontKnowWithoutSources() throws Exception {
    JsonNode answer =
        json(post(port, "/v1/answers", "{\"question\":\"Anything?\",\"collection\":\"empty\"}"));

    assertThat(answer.path("answer").asString())
        .isEqualTo("I don't know based on the provided documents.");
    assertThat(answer.path("sources")).isEmpty();
  }

  private static void assertProblem(java.net.http.HttpResponse<String> response, String expected) {
    String[] parts = expected.split(" ");
    String what =
        response.request().uri().getPath()
            + " "
            + response.body().substring(0, Math.min(300, response.body().length()));
    assertThat(response.statusCode()).as(what).isEqualTo(Integer.parseInt(parts[0]));
    assertThat(response.headers().firstValue("Content-Type"))
        .as(what)
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode problem = json(response);
    assertThat(problem.path("type").asString()).as(what).isEqualTo(parts[1]);
    if (!parts[2].equals("null")) {
      assertThat(problem.path("field").asString()).as(what).isEqualTo(parts[2]);
    }
  }
}
