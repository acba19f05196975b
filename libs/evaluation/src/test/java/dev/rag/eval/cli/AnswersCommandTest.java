package dev.rag.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code rag eval --answers} against a stand-in gateway that answers {@code /v1/answers} from a
 * table of question → JSON answer (503 for questions it does not know).
 */
class AnswersCommandTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<JsonNode> asked = Collections.synchronizedList(new ArrayList<>());

  private HttpServer gateway(Map<String, String> answers) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/answers",
        exchange -> {
          JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
          asked.add(body);
          String answer = answers.get(body.path("question").asString());
          int status = answer == null ? 503 : 200;
          byte[] bytes =
              (answer == null ? "{\"title\":\"Service Unavailable\",\"status\":503}" : answer)
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    return server;
  }

  private Path set() throws IOException {
    return Files.write(
        dir.resolve("water.jsonl"),
        List.of(
            "{\"id\":\"a\",\"question\":\"How long to boil?\",\"answers\":[\"one minute\"],\"documentId\":\"d1\"}",
            "{\"id\":\"b\",\"question\":\"What rebate?\",\"answers\":[\"100 dollars\"],\"documentId\":\"d2\"}",
            "{\"id\":\"u\",\"question\":\"Who is the mayor?\",\"unanswerable\":true}",
            "{\"id\":\"v\",\"question\":\"Crypto?\",\"unanswerable\":true}",
            "{\"id\":\"f\",\"question\":\"Unknown to the stub?\",\"answers\":[\"x\"]}"));
  }

  private static String answer(String text, double confidence, String... documents) {
    StringBuilder citations = new StringBuilder();
    for (String d : documents) {
      citations.append(citations.isEmpty() ? "" : ",").append("{\"documentId\":\"" + d + "\"}");
    }
    return "{\"answer\":\""
        + text
        + "\",\"abstained\":"
        + (documents.length == 0)
        + ",\"confidence\":"
        + confidence
        + ",\"citations\":["
        + citations
        + "]}";
  }

  private int run(String... args) {
    return EvalCommand.run(
        args,
        Map.of("RAG_API_KEY", "k"),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void scoresEveryQuestionAndEndsWithTheJsonLine() throws IOException {
    HttpServer server =
        gateway(
            Map.of(
                "How long to boil?", answer("Boil it for one minute [1].", 0.8, "d1"),
                "What rebate?", answer("It is 50 dollars [1].", 0.4, "d3"),
                "Who is the mayor?", answer("I don't know based on the provided documents.", 0.1),
                "Crypto?", answer("Pay online [1].", 0.3, "d2")));
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      Path details = dir.resolve("details.jsonl");

      int status =
          run(
              "--answers",
              set().toString(),
              "--url",
              url,
              "--collection",
              "water",
              "--curve",
              "0.5",
              "--details",
              details.toString());

      String errors = err.toString(StandardCharsets.UTF_8);
      assertThat(status).as(errors).isEqualTo(EvalCommand.PARTIAL);
      assertThat(errors).contains("f failed: HTTP 503");
      List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
      assertThat(lines.getFirst())
          .isEqualTo("set water, collection water, expansions configured, 5 questions, 1 failed");
      assertThat(String.join("\n", lines))
          .contains("answer contains gold")
          .contains("abstain below");
      JsonNode json = JSON.readTree(lines.getLast());
      assertThat(json.path("set").asString()).isEqualTo("water");
      assertThat(json.path("expansions").asString()).isEqualTo("configured");
      assertThat(json.path("questions").asInt()).isEqualTo(5);
      assertThat(json.path("failed").asInt()).isEqualTo(1);
      assertThat(json.path("answer_contains_gold").asDouble()).isEqualTo(0.5);
      assertThat(json.path("gold_cited").asDouble()).isEqualTo(0.5);
      assertThat(json.path("abstention_precision").asDouble()).isEqualTo(1.0);
      assertThat(json.path("abstention_recall").asDouble()).isEqualTo(0.5);
      assertThat(json.path("false_abstention").asDouble()).isEqualTo(0.0);
      assertThat(json.path("latency_p95_ms").isNumber()).isTrue();
      // at 0.5 the 0.4 and 0.3 answers abstain too: both unanswerable caught, one answerable lost
      JsonNode half = json.path("curve").get(1);
      assertThat(half.path("threshold").asDouble()).isEqualTo(0.5);
      assertThat(half.path("abstention_recall").asDouble()).isEqualTo(1.0);
      assertThat(half.path("false_abstention").asDouble()).isEqualTo(0.5);
      assertThat(asked)
          .allSatisfy(body -> assertThat(body.path("collection").asString()).isEqualTo("water"))
          .allSatisfy(body -> assertThat(body.has("expansions")).isFalse());
      assertThat(Files.readAllLines(details))
          .hasSize(5)
          .first()
          .asString()
          .contains("\"id\":\"a\"");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void expansionsAreAskedForByEveryAnswerAndNamedInTheReport() throws IOException {
    String skipped =
        "{\"answer\":\"Boil it for one minute [1].\",\"abstained\":false,\"citations\":"
            + "[{\"documentId\":\"d1\"}],\"warnings\":[{\"kind\":\"expansion-unavailable\"}]}";
    HttpServer server = gateway(Map.of("How long to boil?", skipped));
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort();

      run("--answers", set().toString(), "--url", url, "--expansions", "hyde,multi-query");

      assertThat(asked)
          .hasSize(5)
          .allSatisfy(
              body ->
                  assertThat(body.path("expansions").toString())
                      .isEqualTo("[\"hyde\",\"multi-query\"]"));
      JsonNode json =
          JSON.readTree(out.toString(StandardCharsets.UTF_8).lines().toList().getLast());
      assertThat(json.path("expansions").asString()).isEqualTo("hyde+multi-query");
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("warning: 1 answers were retrieved without the expansions asked for");

      asked.clear();
      run("--answers", set().toString(), "--url", url, "--expansions", "none", "--json");
      assertThat(asked)
          .allSatisfy(body -> assertThat(body.path("expansions").toString()).isEqualTo("[]"));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void jsonPrintsOnlyTheJsonLine() throws IOException {
    HttpServer server = gateway(Map.of());
    try {
      run(
          "--answers",
          set().toString(),
          "--url",
          "http://127.0.0.1:" + server.getAddress().getPort(),
          "--json");
      assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
      assertThat(JSON.readTree(out.toString(StandardCharsets.UTF_8)).path("failed").asInt())
          .isEqualTo(5);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aPlatformThatIsNotThereIsExitFour() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    int status = run("--answers", set().toString(), "--url", "http://127.0.0.1:" + port);
    assertThat(status).isEqualTo(AnswersCommand.UNREACHABLE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no answer from");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void usageErrorsAreExitTwo() throws IOException {
    assertThat(run("--answers")).isEqualTo(2);
    assertThat(run("--answers", set().toString(), "--curve", "2")).isEqualTo(2);
    assertThat(run("--answers", set().toString(), "--collection", "Bad!")).isEqualTo(2);
    assertThat(run("--answers", set().toString(), "--expansions", "HyDE")).isEqualTo(2);
    assertThat(run("--answers", set().toString(), "--expansions", "hyde,hyde")).isEqualTo(2);
    assertThat(run("--answers", set().toString(), "--expansions", "")).isEqualTo(2);
    assertThat(run("--answers", set().toString(), "--expansions", "none,hyde")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: rag eval --answers");
    assertThat(run("--answers", dir.resolve("missing.jsonl").toString())).isEqualTo(1);
    assertThat(run("--answers", "x", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("answer-contains-gold");
  }
}
