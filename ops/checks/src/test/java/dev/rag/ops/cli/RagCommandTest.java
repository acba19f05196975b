package dev.rag.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.ops.config.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./rag} as a user and a script meet it, with no platform running: its state directory is a
 * fresh folder and its gateway a closed port, or a {@link StubGateway}. Needs jq ({@code
 * ops/local/infra up jq}), as {@code ./rag} does.
 */
class RagCommandTest {

  static final List<String> COMMANDS =
      List.of(
          "up",
          "down",
          "status",
          "logs",
          "test",
          "ingest",
          "ask",
          "demo",
          "generate",
          "eval",
          "build");

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path state;

  record Run(int exit, String out, String err) {}

  @Test
  void everyCommandAnswersHelpWithItsUsage() {
    for (String command : COMMANDS) {
      Run help = rag(command, "--help");
      assertThat(help.exit()).as(command + " --help: " + help.err()).isZero();
      assertThat(help.out()).as(command).startsWith("usage: ./rag " + command);
      assertThat(help.err()).as(command).isEmpty();
      assertThat(rag(command, "-h").out()).as(command + " -h").isEqualTo(help.out());
    }
    Run overview = rag("help");
    assertThat(overview.exit()).isZero();
    assertThat(overview.out())
        .contains("Exit status: 0 ok, 1 failure, 2 usage error, 3 partly done")
        .contains("4 the platform cannot be reached");
    for (String command : COMMANDS) {
      assertThat(overview.out()).as(command).containsPattern("(?m)^  " + command + "\\b");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "no-such-command",
        "up --bogus",
        "up --url http://elsewhere:8080",
        "down --bogus",
        "status --bogus",
        "status --url ftp://example.org",
        "status --url",
        "logs --bogus",
        "logs",
        "logs --json gateway",
        "ingest samples",
        "ingest --collection docs",
        "ingest samples --collection docs --bogus",
        "ingest samples --collection",
        "ask",
        "ask why --bogus",
        "ask why --collection",
        "ask why --json --stream",
        "demo --bogus",
        "demo --json",
        "build --bogus"
      })
  void mistakesAreUsageErrorsThatNameTheProblem(String commandLine) {
    Run run = rag(commandLine.split(" "));
    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains("usage: ./rag");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void apiCommandsSayWhenThePlatformCannotBeReached() {
    for (String[] command :
        List.of(
            new String[] {"ask", "why"},
            new String[] {"ask", "why", "--stream"},
            new String[] {"ingest", "samples", "--collection", "docs"},
            new String[] {"status", "--url", "http://127.0.0.1:" + closedPort()})) {
      Run run = rag(command);
      assertThat(run.exit()).as(String.join(" ", command) + ": " + run.err()).isEqualTo(4);
      assertThat(run.err()).contains("cannot reach").contains("./rag up");
    }
  }

  @Test
  void ingestFollowsTheJobOneLinePerStepWhenNotOnATerminal() throws IOException {
    try (StubGateway gateway = new StubGateway()) {
      gateway
          .on("POST /v1/collections/docs/documents", 202, accepted("job-1"))
          .on(
              "GET /v1/ingest-jobs/job-1",
              200,
              job("job-1", "RUNNING", 1, 0, 0, 2, 0, "[]"),
              job("job-1", "RUNNING", 1, 0, 0, 2, 0, "[]"),
              job("job-1", "COMPLETED", 1, 1, 0, 2, 2, "[]"));
      Path file = Files.writeString(state.resolve("notes.md"), "# Notes\nWater boils.\n");

      Run run =
          rag(
              Map.of("RAG_API_KEY", "rag_test"),
              "ingest",
              file.toString(),
              "--collection",
              "docs",
              "--url",
              gateway.url());

      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.out()).doesNotContain("\r");
      assertThat(run.out().lines())
          .contains(
              "batch 1/1: uploaded 1 file(s) to 'docs' as job job-1",
              "documents 0/1, chunks indexed 0/2 [1 job(s)]",
              "documents 1/1, chunks indexed 2/2 [1 job(s)]",
              "job job-1: COMPLETED — 1 document(s), 0 failed, 2 chunk(s) indexed")
          .containsOnlyOnce("documents 0/1, chunks indexed 0/2 [1 job(s)]");
      assertThat(gateway.requests)
          .first()
          .isEqualTo("POST /v1/collections/docs/documents auth=Bearer rag_test");
    }
  }

  @Test
  void ingestJsonPrintsTheJobsAsTheApiSentThemAndAPartialJobExitsThree() throws IOException {
    try (StubGateway gateway = new StubGateway()) {
      String failures =
          "[{\"documentId\":\"docs:b.md\",\"fileName\":\"b.md\",\"reason\":\"empty\"}]";
      gateway
          .on("POST /v1/collections/docs/documents", 202, accepted("job-2"))
          .on("GET /v1/ingest-jobs/job-2", 200, job("job-2", "PARTIAL", 2, 1, 1, 3, 3, failures));
      Path folder = Files.createDirectory(state.resolve("docs"));
      Files.writeString(folder.resolve("a.md"), "# A\ntext\n");
      Files.writeString(folder.resolve("b.md"), " ");

      Run run = rag("ingest", folder.toString(), "-c", "docs", "--url", gateway.url(), "--json");

      assertThat(run.exit()).as(run.err()).isEqualTo(3);
      JsonNode jobs = JSON.readTree(run.out());
      assertThat(jobs.isArray()).isTrue();
      assertThat(jobs.get(0).path("id").asString()).isEqualTo("job-2");
      assertThat(jobs.get(0).at("/failures/0/reason").asString()).isEqualTo("empty");
      assertThat(run.err())
          .contains("job job-2: PARTIAL — 2 document(s), 1 failed, 3 chunk(s) indexed")
          .contains("failure: empty");
    }
  }

  @Test
  void ingestWaitsForAnIngestServiceThatRestartsAndSaysWhyWhenItStaysAway() throws IOException {
    String unavailable =
        "{\"type\":\"urn:rag:problem:upstream-unavailable\",\"status\":503,"
            + "\"detail\":\"the service behind /v1/ingest-jobs/job-3 cannot be reached\"}";
    Path file = Files.writeString(state.resolve("notes.md"), "# Notes\nWater boils.\n");
    try (StubGateway gateway = new StubGateway()) {
      gateway
          .on("POST /v1/collections/docs/documents", 202, accepted("job-3"))
          .sequence(
              "GET /v1/ingest-jobs/job-3",
              StubGateway.json(200, job("job-3", "RUNNING", 1, 0, 0, 2, 0, "[]")),
              StubGateway.json(503, unavailable),
              // a request caught in the service's graceful stop
              StubGateway.json(500, "{\"type\":\"urn:rag:problem:internal\",\"status\":500}"),
              StubGateway.json(503, unavailable),
              StubGateway.json(200, job("job-3", "COMPLETED", 1, 1, 0, 2, 2, "[]")));
      Run restarted =
          rag(
              Map.of("RAG_INGEST_OUTAGE_WAIT", "30"),
              "ingest",
              file.toString(),
              "-c",
              "docs",
              "--url",
              gateway.url());
      assertThat(restarted.exit()).as(restarted.err()).isZero();
      assertThat(restarted.err()).contains("ingest-service is not answering (HTTP 503");
      assertThat(restarted.out())
          .contains("ingest-service answers again")
          .contains("job job-3: COMPLETED");
    }
    try (StubGateway gateway = new StubGateway()) {
      gateway
          .on("POST /v1/collections/docs/documents", 202, accepted("job-4"))
          .sequence(
              "GET /v1/ingest-jobs/job-4",
              StubGateway.json(200, job("job-4", "RUNNING", 1, 0, 0, 2, 0, "[]")),
              StubGateway.json(503, unavailable));
      Run gone =
          rag(
              Map.of("RAG_INGEST_OUTAGE_WAIT", "2"),
              "ingest",
              file.toString(),
              "-c",
              "docs",
              "--url",
              gateway.url());
      assertThat(gone.exit()).as(gone.err()).isEqualTo(4);
      assertThat(gone.err())
          .contains("ingest-service stopped answering while following 1 job(s) (HTTP 503")
          .contains("cannot be reached")
          .contains("Nothing accepted is lost")
          .contains("job-4");
    }
  }

  @Test
  void askJsonPrintsTheAnswerAsIsAndARefusalExitsOneWithItsDetail() {
    try (StubGateway gateway = new StubGateway()) {
      String answer = "{\"answer\":\"Boil it for one minute [1].\",\"mode\":\"extractive\"}";
      gateway.on("POST /v1/answers", 200, answer);
      Run asked = rag("ask", "how", "long?", "--url", gateway.url(), "--json");
      assertThat(asked.exit()).as(asked.err()).isZero();
      assertThat(JSON.readTree(asked.out())).isEqualTo(JSON.readTree(answer));

      gateway.on("POST /v1/answers", 404, "{\"detail\":\"no collection 'x'\"}");
      Run refused = rag("ask", "how?", "--collection", "x", "--url", gateway.url());
      assertThat(refused.exit()).isEqualTo(1);
      assertThat(refused.err()).contains("refused (404): no collection 'x'");
    }
  }

  @Test
  void statusOfARemoteGatewayReadsItsHealth() {
    try (StubGateway gateway = new StubGateway()) {
      gateway.on("GET /actuator/health", 200, "{\"status\":\"UP\"}");
      Run up = rag("status", "--url", gateway.url());
      assertThat(up.exit()).isZero();
      assertThat(up.out()).contains("gateway " + gateway.url() + ": UP");
      Run json = rag("status", "--url", gateway.url(), "--json");
      assertThat(JSON.readTree(json.out()).path("status").asString()).isEqualTo("UP");

      gateway.on("GET /actuator/health", 503, "{\"status\":\"DOWN\"}");
      Run down = rag("status", "--url", gateway.url());
      assertThat(down.exit()).isEqualTo(1);
      assertThat(down.out()).contains(": DOWN");
    }
  }

  @Test
  void localStatusJsonListsEveryServiceStopped() {
    Run run = rag("status", "--json");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode status = JSON.readTree(run.out());
    assertThat(status.path("services")).hasSize(Repository.SERVICES.size());
    assertThat(status.path("services"))
        .allSatisfy(s -> assertThat(s.path("health").asString()).isEqualTo("STOPPED"));
  }

  private static String accepted(String jobId) {
    return "{\"jobId\":\""
        + jobId
        + "\",\"collection\":\"docs\",\"status\":\"/v1/ingest-jobs/"
        + jobId
        + "\",\"documents\":[]}";
  }

  private static String job(
      String id,
      String state,
      int total,
      int indexed,
      int failed,
      long chunksParsed,
      long chunksIndexed,
      String failures) {
    return """
        {"id":"%s","collection":"docs","origin":"upload","state":"%s",\
        "documents":{"total":%d,"pending":0,"published":0,"indexed":%d,"unchanged":0,\
        "skipped":0,"deleted":0,"failed":%d},\
        "chunks":{"parsed":%d,"embedded":%d,"indexed":%d},"items":[],"failures":%s}"""
        .formatted(
            id,
            state,
            total,
            indexed,
            failed,
            chunksParsed,
            chunksIndexed,
            chunksIndexed,
            failures);
  }

  private Run rag(String... args) {
    return rag(Map.of(), args);
  }

  /** Runs {@code ./rag ARGS} with its own state directory, its gateway on a closed port. */
  private Run rag(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of(Repository.path("rag").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(Repository.ROOT.toFile());
    Map<String, String> environment = new HashMap<>(env);
    environment.put("RAG_STATE_DIR", state.toString());
    environment.put("RAG_GATEWAY_PORT", String.valueOf(closedPort()));
    environment.putIfAbsent("RAG_API_KEY", "");
    builder.environment().putAll(environment);
    try {
      Path out = Files.createTempFile(state, "out", ".txt");
      Path err = Files.createTempFile(state, "err", ".txt");
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("./rag " + String.join(" ", args) + " did not end in 60 s");
      }
      return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
