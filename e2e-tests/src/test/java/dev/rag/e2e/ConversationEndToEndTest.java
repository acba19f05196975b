package dev.rag.e2e;

import static dev.rag.e2e.RunningPlatform.postJson;
import static dev.rag.e2e.RunningPlatform.rag;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.e2e.RunningPlatform.Command;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follow-up questions through the gateway on the shared platform (extractive default, so the
 * deterministic rewrite): each follow-up means nothing on its own ("How long does it take?"), and
 * with its history it must retrieve and cite the section the conversation is about, in both answer
 * APIs; a follow-up is never served the cached answer of the same words asked alone.
 */
@Order(21)
class ConversationEndToEndTest {

  private static final String COLLECTION = "e2e-conversation";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static RunningPlatform platform;

  @BeforeAll
  static void ingestSamples() {
    platform = RunningPlatform.get();
    Command ingest =
        rag(
            "ingest",
            RunningPlatform.ROOT.resolve("samples").toString(),
            "--collection",
            COLLECTION);
    assertThat(ingest.exitCode()).as(ingest.output()).isZero();
  }

  private record Case(String earlier, String followUp, String topic, String section) {}

  private static final List<Case> CASES =
      List.of(
          new Case(
              "What happens when I report a main break?",
              "How long does it take?",
              "main break",
              "Main Breaks"),
          new Case(
              "What should I do about burst pipes?",
              "And what about frozen ones?",
              "frozen pipes",
              "Frozen Pipes"));

  @Test
  void aFollowUpRetrievesTheSectionItsHistoryIsAbout() throws Exception {
    int gateway = platform.port("gateway");
    for (Case c : CASES) {
      // The same words alone first, so that a cache keyed on the question only would serve them.
      HttpResponse<String> alone =
          postJson(gateway, "/v1/answers", body(Map.of("question", c.followUp())));
      assertThat(alone.statusCode()).as(alone.body()).isEqualTo(200);

      HttpResponse<String> response =
          postJson(
              gateway,
              "/v1/answers",
              body(
                  Map.of(
                      "question",
                      c.followUp(),
                      "messages",
                      List.of(
                          Map.of("role", "user", "content", c.earlier()),
                          Map.of("role", "assistant", "content", "See the cited section.")))));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.headers().firstValue("X-Cache")).hasValue("miss");
      JsonNode answer = JSON.readTree(response.body());
      assertThat(answer.path("rewrittenQuery").asString()).as(c.followUp()).contains(c.topic());
      assertThat(answer.path("citations")).as(response.body()).isNotEmpty();
      assertThat(answer.path("citations").get(0).path("section").asString())
          .as(response.body())
          .contains(c.section());
      assertThat(answer.path("citations"))
          .allSatisfy(
              citation ->
                  assertThat(citation.path("documentId").asString()).startsWith(COLLECTION + ":"));
    }
  }

  @Test
  void chatCompletionsRewriteTheLastQuestionAgainstTheWholeConversation() throws Exception {
    Case c = CASES.getFirst();
    HttpResponse<String> response =
        postJson(
            platform.port("gateway"),
            "/v1/chat/completions",
            JSON.writeValueAsString(
                Map.of(
                    "model",
                    "rag",
                    "collection",
                    COLLECTION,
                    "messages",
                    List.of(
                        Map.of("role", "developer", "content", "Answer from the documents."),
                        Map.of("role", "user", "content", c.earlier()),
                        Map.of("role", "assistant", "content", "See the cited section."),
                        Map.of(
                            "role",
                            "user",
                            "content",
                            List.of(Map.of("type", "text", "text", c.followUp())))))));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode completion = JSON.readTree(response.body());
    assertThat(completion.path("rewritten_query").asString()).contains(c.topic());
    assertThat(completion.path("citations").get(0).path("section").asString())
        .contains(c.section());
    assertThat(completion.path("usage").path("total_tokens").asInt()).isPositive();
  }

  private static String body(Map<String, Object> fields) {
    Map<String, Object> body = new java.util.HashMap<>(fields);
    body.put("collection", COLLECTION);
    return JSON.writeValueAsString(body);
  }
}
