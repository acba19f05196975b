package dev.rag.e2e.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.contracts.topics.Topics;
import dev.rag.e2e.RunningPlatform;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One upload and one question, each sent with the caller's own W3C {@code traceparent}, followed
 * through the spans every service exported to the test's collector: the upload's trace must reach
 * ingest-service, cross every Kafka hop (rag.chunks to embedding-service, rag.embedded-chunks to
 * retrieval-service, rag.index-events back to ingest-service), and the question's must run gateway
 * → generation-service → retrieval-service → the query's embedding; in both, every span's parent is
 * a span of the same trace or the caller's, so a hop that dropped the context would show as a
 * second trace and fail here.
 */
@Order(30)
class TracingEndToEndTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration EXPORTED_WITHIN = Duration.ofSeconds(90);

  /** The caller's span: the parent the gateway's first span must name. */
  private static final String CALLER_SPAN = "00f067aa0ba902b7";

  private static final String RUN = randomHex(4);
  private static final String COLLECTION = "e2e-tracing-" + RUN;
  private static final String DOCUMENT =
      "# Lighthouse keeping\n\n"
          + "## Lamp maintenance\n\n"
          + "The keeper of the Calder Point lighthouse trims the lamp wick every "
          + RUN
          + " evening at dusk and polishes the brass lens housing once a week.\n";

  private static RunningPlatform platform;
  private static String key;
  private static String uploadTrace;

  @BeforeAll
  static void uploadOneDocumentInATraceOfItsOwn() throws Exception {
    platform = RunningPlatform.get();
    key = RunningPlatform.apiKey(platform.port("gateway"));
    uploadTrace = randomHex(16);
    String boundary = "tracing-" + RUN;
    String body =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"lighthouse.md\""
            + "\r\nContent-Type: text/markdown\r\n\r\n"
            + DOCUMENT
            + "\r\n--"
            + boundary
            + "--\r\n";
    HttpResponse<String> accepted =
        HTTP.send(
            request("/v1/collections/" + COLLECTION + "/documents", uploadTrace)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String job = JSON.readTree(accepted.body()).path("jobId").asString();
    awaitCompleted(job);
  }

  @Test
  void theUploadsTraceFollowsItsChunksThroughEveryKafkaHop() throws Exception {
    Predicate<List<ReceivedSpan>> complete =
        trace ->
            connected(trace)
                && has(trace, "gateway", "SERVER", name -> true)
                && has(trace, "ingest-service", "SERVER", name -> true)
                && hop(trace, "ingest-service", "embedding-service", Topics.CHUNKS)
                && hop(trace, "embedding-service", "retrieval-service", Topics.EMBEDDED_CHUNKS)
                && hop(trace, "retrieval-service", "ingest-service", Topics.INDEX_EVENTS);

    List<ReceivedSpan> trace = awaitTrace(uploadTrace, complete);

    assertThat(complete).as("the upload's trace: %s", describe(trace)).accepts(trace);
    assertThat(services(trace))
        .contains("gateway", "ingest-service", "embedding-service", "retrieval-service");
  }

  @Test
  void aQuestionsTraceRunsGatewayGenerationRetrievalAndTheQueryEmbedding() throws Exception {
    String questionTrace = randomHex(16);
    String question = "How often does the keeper trim the lamp wick at Calder Point " + RUN + "?";
    HttpResponse<String> answered =
        HTTP.send(
            request("/v1/answers", questionTrace)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"question\":\""
                            + question
                            + "\",\"collection\":\""
                            + COLLECTION
                            + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(answered.body());
    assertThat(answer.path("citations")).as(answered.body()).isNotEmpty();

    Predicate<List<ReceivedSpan>> complete =
        trace ->
            connected(trace)
                && call(trace, "gateway", "generation-service")
                && call(trace, "generation-service", "retrieval-service")
                && queryEmbedded(trace);

    List<ReceivedSpan> trace = awaitTrace(questionTrace, complete);

    assertThat(complete).as("the question's trace: %s", describe(trace)).accepts(trace);
  }

  // --- what a whole trace looks like ------------------------------------------------------------

  /** Every span hangs off another span of the trace, or off the caller's. */
  private static boolean connected(List<ReceivedSpan> trace) {
    Set<String> ids = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
    return !trace.isEmpty()
        && trace.stream()
            .allMatch(
                span ->
                    span.parentSpanId().equals(CALLER_SPAN) || ids.contains(span.parentSpanId()));
  }

  /** An HTTP call from {@code caller} served by {@code callee}, as parent and child spans. */
  private static boolean call(List<ReceivedSpan> trace, String caller, String callee) {
    return trace.stream()
        .filter(span -> span.service().equals(callee) && span.kind().equals("SPAN_KIND_SERVER"))
        .anyMatch(
            served ->
                trace.stream()
                    .anyMatch(
                        client ->
                            client.spanId().equals(served.parentSpanId())
                                && client.service().equals(caller)
                                && client.kind().equals("SPAN_KIND_CLIENT")));
  }

  /**
   * A record of {@code topic} published by {@code producer} and processed by {@code consumer}, the
   * consumer's span the child of the producer's (the context came through the record's headers).
   */
  private static boolean hop(
      List<ReceivedSpan> trace, String producer, String consumer, String topic) {
    return trace.stream()
        .filter(
            span ->
                span.service().equals(consumer)
                    && span.kind().equals("SPAN_KIND_CONSUMER")
                    && span.name().equals(topic + " process"))
        .anyMatch(
            processed ->
                trace.stream()
                    .anyMatch(
                        sent ->
                            sent.spanId().equals(processed.parentSpanId())
                                && sent.service().equals(producer)
                                && sent.kind().equals("SPAN_KIND_PRODUCER")
                                && sent.name().equals(topic + " send")));
  }

  /**
   * The question embedded within the trace: by embedding-service, called from retrieval-service, or
   * by retrieval-service itself in a span of its own that says so.
   */
  private static boolean queryEmbedded(List<ReceivedSpan> trace) {
    return call(trace, "retrieval-service", "embedding-service")
        || trace.stream()
            .anyMatch(
                span ->
                    span.service().equals("retrieval-service")
                        && span.name().toLowerCase(java.util.Locale.ROOT).contains("embed"));
  }

  private static boolean has(
      List<ReceivedSpan> trace, String service, String kind, Predicate<String> name) {
    return trace.stream()
        .anyMatch(
            span ->
                span.service().equals(service)
                    && span.kind().equals("SPAN_KIND_" + kind)
                    && name.test(span.name()));
  }

  private static Set<String> services(List<ReceivedSpan> trace) {
    return trace.stream().map(ReceivedSpan::service).collect(Collectors.toSet());
  }

  private static String describe(List<ReceivedSpan> trace) {
    return trace.stream()
        .map(ReceivedSpan::toString)
        .collect(Collectors.joining("\n  ", "\n  ", ""));
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** The trace's spans once {@code complete} holds, or what arrived by the deadline. */
  private static List<ReceivedSpan> awaitTrace(
      String traceId, Predicate<List<ReceivedSpan>> complete) throws InterruptedException {
    long deadline = System.nanoTime() + EXPORTED_WITHIN.toNanos();
    List<ReceivedSpan> trace = platform.traces().trace(traceId);
    while (!complete.test(trace) && System.nanoTime() < deadline) {
      Thread.sleep(500);
      trace = platform.traces().trace(traceId);
    }
    return trace;
  }

  private static HttpRequest.Builder request(String path, String traceId) {
    return HttpRequest.newBuilder(URI.create(platform.gateway() + path))
        .timeout(Duration.ofSeconds(120))
        .header("Authorization", "Bearer " + key)
        .header("traceparent", "00-" + traceId + "-" + CALLER_SPAN + "-01");
  }

  private static void awaitCompleted(String job) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    JsonNode view = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> polled =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(platform.gateway() + "/v1/ingest-jobs/" + job))
                  .header("Authorization", "Bearer " + key)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      view = JSON.readTree(polled.body());
      String state = view.path("state").asString();
      if (state.equals("COMPLETED")) {
        return;
      }
      assertThat(state).as(polled.body()).isNotIn("FAILED", "PARTIAL");
      Thread.sleep(500);
    }
    throw new AssertionError("job " + job + " did not complete: " + view);
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
