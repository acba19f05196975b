package dev.rag.e2e;

import static dev.rag.e2e.RunningPlatform.postJson;
import static dev.rag.e2e.RunningPlatform.rag;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.e2e.RunningPlatform.Command;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Questions answered end to end: the samples ingested through the gateway (real broker, embedding,
 * both indexes), then questions whose answers sit in known sections of known documents, asked
 * through the gateway; the citations must point at those chunks. The shared platform runs the
 * embedded default (extractive answers, checked for content). For the generative path a second
 * generation-service is started with stories260K (its text is noise, so that path is checked
 * mechanically) behind a second gateway, through which a stream is timed: the first text must
 * arrive well before the generation ends.
 */
@Order(20)
class AnswerEndToEndTest {

  private static final String COLLECTION = "e2e-answers";
  private static final int GENERATIVE_PORT = 18095;
  private static final int GENERATIVE_GATEWAY_PORT = 18090;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<Process> extra = new ArrayList<>();

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

  @AfterAll
  static void stopExtraServices() {
    for (Process p : extra) {
      p.destroy();
    }
    for (Process p : extra) {
      try {
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void extractiveAnswersCiteTheChunksThatHoldThem() throws Exception {
    record Case(String question, String fact, String document, String section) {}
    List<Case> cases =
        List.of(
            new Case(
                "How long should I boil tap water during a boil water advisory?",
                "one minute",
                "emergency-procedures.md",
                "Boil Water Advisories"),
            new Case(
                "What is the late fee when a payment is late?",
                "2 percent",
                "customer-handbook.docx",
                "Payment Options"),
            new Case(
                "On which days do even-numbered addresses water their lawns?",
                "Tuesdays and Saturdays",
                "conservation-guide.html",
                "Outdoor Watering Schedule"));
    for (Case c : cases) {
      JsonNode answer = ask(platform.port("gateway"), c.question(), Map.of());

      assertThat(answer.path("mode").asString()).isEqualTo("extractive");
      String text = answer.path("answer").asString();
      assertThat(text).as(c.question()).contains(c.fact());
      JsonNode citation = citationOfSentenceWith(answer, c.fact());
      assertThat(citation.path("documentId").asString())
          .as(c.question())
          .isEqualTo(COLLECTION + ":" + c.document());
      assertThat(citation.path("section").asString()).as(c.question()).contains(c.section());
      assertThat(citation.path("snippet").asString()).as(c.question()).contains(c.fact());
      assertThat(citation.path("chunkId").asString()).startsWith(COLLECTION + ":" + c.document());
    }
  }

  /**
   * The gateway's semantic cache and the answer's retrieval both need the question's vector;
   * retrieval-service's query model runs once for it (the second lookup is a cache hit).
   */
  @Test
  void aQuestionIsEmbeddedOncePerAnswer() throws Exception {
    int retrieval = platform.port("retrieval-service");
    String question =
        "Which steps disinfect the water at the plant, case " + System.nanoTime() + "?";
    double missesBefore = queryEmbeddings(retrieval, "miss");
    double hitsBefore = queryEmbeddings(retrieval, "hit");

    HttpResponse<String> response =
        postJson(
            platform.port("gateway"),
            "/v1/answers",
            JSON.writeValueAsString(Map.of("question", question, "collection", COLLECTION)));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Cache")).hasValue("miss");
    // The gateway's cache computes the question's vector (a miss); retrieval's search and the
    // extractive sentence scorer each find it in the same cache (two hits), never embedding it
    // again. The scorer's candidate sentences add misses of their own (other texts).
    assertThat(queryEmbeddings(retrieval, "miss") - missesBefore).isGreaterThanOrEqualTo(1);
    assertThat(queryEmbeddings(retrieval, "hit") - hitsBefore).isEqualTo(2);
  }

  /** {@code rag_retrieval_query_embeddings_total{cache=...}} of retrieval-service. */
  private static double queryEmbeddings(int port, String cache) throws Exception {
    return RunningPlatform.get(port, "/actuator/prometheus")
        .body()
        .lines()
        .filter(
            line ->
                line.startsWith("rag_retrieval_query_embeddings_total{")
                    && line.contains("cache=\"" + cache + "\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void aQuestionTheSamplesCannotAnswerGetsIDontKnow() throws Exception {
    JsonNode answer = ask(platform.port("gateway"), "What is the capital of France?", Map.of());

    assertThat(answer.path("answer").asString())
        .isEqualTo("I don't know based on the provided documents.");
    assertThat(answer.path("citations")).isEmpty();
  }

  @Test
  void ragAskPrintsTheAnswerThenItsNumberedSources() {
    Command ask =
        rag(
            "ask",
            "How much is the rebate for a high-efficiency toilet?",
            "--collection",
            COLLECTION,
            "--stream");

    assertThat(ask.exitCode()).as(ask.output()).isZero();
    assertThat(ask.output())
        .contains("100 dollars")
        .contains("Sources:")
        .contains("(" + COLLECTION + ":conservation-guide.html)")
        .contains("(extractive, ");
    Command unknown = rag("ask", "anything", "--collection", "no-such-collection");
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.output()).contains("refused (404)");
  }

  @Test
  void ragDemoIngestsTheSamplesAndPrintsCitedAnswers() {
    Command demo = rag("demo");

    assertThat(demo.exitCode()).as(demo.output()).isZero();
    assertThat(demo.output())
        .contains("Q: How long should I boil tap water during a boil water advisory?")
        .contains("rolling boil for one minute")
        .contains("Q: How much is the rebate for a high-efficiency toilet?")
        .contains("100 dollars")
        .contains("(samples:emergency-procedures.md)")
        .contains("(samples:conservation-guide.html)")
        .contains("The platform is still running:")
        .contains("http://127.0.0.1:18080")
        .contains("API key");
  }

  @Test
  void badRequestsThroughTheGatewayGetProblemDetails() throws Exception {
    int gateway = platform.port("gateway");
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("/v1/answers {\"question\":\"\"}", "400 urn:rag:problem:validation");
    cases.put(
        "/v1/answers {\"question\":\"" + "y".repeat(100_000) + "\"}",
        "413 urn:rag:problem:payload-too-large");
    cases.put(
        "/v1/answers {\"question\":\"q?\",\"collection\":\"never-ingested\"}",
        "404 urn:rag:problem:not-found");
    cases.put(
        "/v1/answers {\"question\":\"q?\",\"max_tokens\":100000}",
        "400 urn:rag:problem:validation");
    cases.put(
        "/v1/chat/completions {\"messages\":[{\"role\":\"user\",\"content\":{\"x\":1}}]}",
        "400 urn:rag:problem:validation");
    for (var c : cases.entrySet()) {
      int split = c.getKey().indexOf(' ');
      HttpResponse<String> response =
          postJson(gateway, c.getKey().substring(0, split), c.getKey().substring(split + 1));
      String[] expected = c.getValue().split(" ");
      assertThat(response.statusCode())
          .as(c.getKey().substring(0, Math.min(80, c.getKey().length())))
          .isEqualTo(Integer.parseInt(expected[0]));
      assertThat(JSON.readTree(response.body()).path("type").asString()).isEqualTo(expected[1]);
    }
  }

  @Test
  void generativeAnswersStreamThroughTheGatewayBeforeGenerationEnds() throws Exception {
    int gateway = startGenerativeStack();

    JsonNode answer =
        ask(
            gateway,
            "How long should I boil tap water during a boil water advisory?",
            Map.of("max_tokens", 64));
    assertThat(answer.path("mode").asString()).isEqualTo("generative");
    assertThat(answer.path("model").asString()).isEqualTo("stories260K");
    List<String> sourceSections = new ArrayList<>();
    answer.path("sources").forEach(s -> sourceSections.add(s.path("section").asString()));
    assertThat(sourceSections).anySatisfy(s -> assertThat(s).contains("Boil Water Advisories"));
    for (JsonNode citation : answer.path("citations")) {
      assertThat(citation.path("number").asInt()).isBetween(1, answer.path("sources").size());
    }

    var request =
        RunningPlatform.authorized(
                gateway,
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway + "/v1/answers")))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"question\":\"Tell me about water\",\"collection\":\""
                        + COLLECTION
                        + "\",\"stream\":true,\"max_tokens\":200,\"temperature\":0.8,\"seed\":3}"))
            .build();
    long sent = System.nanoTime();
    var response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    long firstDelta = -1;
    long end = -1;
    JsonNode done = null;
    try (var reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String event = null;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("event:")) {
          event = line.substring(6).strip();
        } else if (line.startsWith("data:") && "delta".equals(event) && firstDelta < 0) {
          firstDelta = System.nanoTime();
        } else if (line.startsWith("data:") && "done".equals(event)) {
          end = System.nanoTime();
          done = JSON.readTree(line.substring(5));
        }
      }
    }
    assertThat(done).isNotNull();
    double firstMs = (firstDelta - sent) / 1e6;
    double endMs = (end - sent) / 1e6;
    double generationMs =
        done.path("timings").path("totalMs").asDouble()
            - done.path("timings").path("firstTokenMs").asDouble();
    System.out.printf(
        "streaming through the gateway: first delta %.1f ms, done %.1f ms, server-side generation %.1f ms%n",
        firstMs, endMs, generationMs);
    assertThat(generationMs)
        .as("generation long enough to tell streaming from buffering")
        .isGreaterThan(20);
    assertThat(endMs - firstMs)
        .as("first text before the end of generation")
        .isGreaterThan(generationMs / 2);
  }

  private static JsonNode ask(int port, String question, Map<String, Object> extra)
      throws Exception {
    Map<String, Object> body = new java.util.HashMap<>(extra);
    body.put("question", question);
    body.put("collection", COLLECTION);
    HttpResponse<String> response = postJson(port, "/v1/answers", JSON.writeValueAsString(body));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** The citation whose number marks the answer sentence holding {@code fact}. */
  private static JsonNode citationOfSentenceWith(JsonNode answer, String fact) {
    String text = answer.path("answer").asString();
    var marker =
        java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(fact) + "[^\\[]*\\[(\\d+)]")
            .matcher(text);
    assertThat(marker.find()).as(text).isTrue();
    int number = Integer.parseInt(marker.group(1));
    for (JsonNode c : answer.path("citations")) {
      if (c.path("number").asInt() == number) {
        return c;
      }
    }
    throw new AssertionError("no citation [" + number + "] in " + answer);
  }

  /**
   * A generation-service with stories260K and a gateway routing to it, next to the shared platform
   * and using its retrieval and rerank services; returns the gateway's port.
   */
  private static int startGenerativeStack() throws Exception {
    Path model = RunningPlatform.ROOT.resolveSibling("shared/models/stories260K/stories260K.gguf");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isRegularFile(model), "stories260K not found at " + model);
    Map<String, String> ports =
        Map.of(
            "RAG_RETRIEVAL_PORT",
            "18083",
            "RAG_RERANK_PORT",
            "18084",
            "RAG_INGEST_PORT",
            "18081",
            "RAG_EMBEDDING_PORT",
            "18082",
            "RAG_GENERATION_PORT",
            String.valueOf(GENERATIVE_PORT));
    start(
        "generation-service",
        GENERATIVE_PORT,
        ports,
        "--rag.generation.model=" + model,
        "--rag.generation.context-tokens=512");
    start("gateway", GENERATIVE_GATEWAY_PORT, ports);
    return GENERATIVE_GATEWAY_PORT;
  }

  private static void start(String service, int port, Map<String, String> env, String... args)
      throws Exception {
    Path jar = RunningPlatform.ROOT.resolve(service + "/target/" + service + "-0.1.0-SNAPSHOT.jar");
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED",
                "--add-modules",
                "jdk.incubator.vector",
                "-XX:+UseSerialGC",
                "-Xmx512m",
                "-jar",
                jar.toString(),
                "--spring.profiles.active=embedded",
                "--server.port=" + port));
    command.addAll(List.of(args));
    Path log = RunningPlatform.STATE.resolve("logs/" + service + "-" + port + ".log");
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    builder
        .environment()
        .put("RAG_STATE_DIR", RunningPlatform.STATE.resolve("extra-" + port).toString());
    builder.environment().put("RAG_LOG_FORMAT", "");
    // The shared platform's services refuse calls without their token; this one joins them.
    builder.environment().put("RAG_SERVICE_TOKEN", RunningPlatform.serviceToken());
    Process process = builder.start();
    extra.add(process);
    long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(
            service + " on :" + port + " exited; log:\n" + Files.readString(log));
      }
      try {
        if (RunningPlatform.get(port, "/actuator/health/readiness").body().contains("\"UP\"")) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        service + " on :" + port + " did not become ready; log:\n" + Files.readString(log));
  }
}
