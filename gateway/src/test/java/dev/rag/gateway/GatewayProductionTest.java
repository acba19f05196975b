package dev.rag.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.contracts.events.IndexEvent;
import dev.rag.contracts.events.SchemaVersions;
import dev.rag.contracts.json.JsonSerde;
import dev.rag.gateway.auth.ApiKey;
import dev.rag.gateway.auth.ApiKeySecrets;
import dev.rag.gateway.auth.ApiKeyStore;
import dev.rag.gateway.auth.Role;
import dev.rag.gateway.epochs.IndexEpochs;
import dev.rag.testing.Infrastructure;
import dev.rag.testing.ServiceContractTest;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The production gateway (PostgreSQL key store, Redis limits and cache, Kafka index epochs),
 * started for real in front of an {@link UpstreamStandIn}: authentication, roles, tenant isolation
 * through requests and the cache, exact and semantic hits, invalidation by index events, streamed
 * answers, rate limits, request ids and upstream failures.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayProductionTest extends ServiceContractTest {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String TOPIC = "gateway-test.index-events." + RUN;
  private static final String A = "tenant-a-" + RUN;
  private static final String B = "tenant-b-" + RUN;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final UpstreamStandIn UPSTREAM = startStandIn();

  @Autowired ApiKeyStore keys;
  @Autowired IndexEpochs epochs;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
    Infrastructure.registerPostgres(registry);
    Infrastructure.registerKafka(registry);
    registry.add("spring.data.redis.url", Infrastructure::redisUrl);
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrap()))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
    }
    registry.add("rag.gateway.index-events.topic", () -> TOPIC);
    registry.add("rag.gateway.redis-key-prefix", () -> "rag:gateway-test:" + RUN + ":");
    registry.add(
        "rag.gateway.keys.bootstrap-file",
        () -> "target/gateway-test-" + RUN + "/bootstrap-admin.key");
    for (String service : List.of("ingest", "embedding", "retrieval", "generation")) {
      registry.add("rag.gateway." + service + "-url", () -> UPSTREAM.uri().toString());
    }
    registry.add("rag.gateway.rerank-url", () -> "http://127.0.0.1:" + closedPort());
    registry.add("rag.gateway.rate-limit.capacity", () -> "40");
    registry.add("rag.gateway.rate-limit.refill-per-second", () -> "0.5");
  }

  @AfterAll
  static void stopStandIn() {
    UPSTREAM.close();
  }

  @Override
  protected String serviceName() {
    return "gateway";
  }

  /**
   * The contract checks call as an admin of every collection (the shared key store may hold no
   * bootstrap key).
   */
  @Override
  protected HttpRequest.Builder credentials(HttpRequest.Builder request) {
    return request.header("Authorization", "Bearer " + key(Role.ADMIN, "*"));
  }

  @BeforeEach
  void indexEpochsReplayed() throws InterruptedException {
    for (int i = 0; i < 100 && !epochs.caughtUp(); i++) {
      Thread.sleep(100);
    }
    assertThat(epochs.caughtUp()).as("index epochs read from " + TOPIC).isTrue();
  }

  @Test
  void refusesRequestsWithoutAValidKey() throws Exception {
    int forwarded = UPSTREAM.received("/v1/retrieve").size();
    HttpResponse<String> none = call("POST", "/v1/retrieve", null, "{\"query\":\"x\"}");
    assertProblem(none, 401, "unauthorized");
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertProblem(
        call("POST", "/v1/retrieve", "rag_not-a-real-key", "{\"query\":\"x\"}"),
        401,
        "unauthorized");
    assertProblem(
        call("GET", "/v1/collections/" + A + "/documents", null, null), 401, "unauthorized");
    assertThat(UPSTREAM.received("/v1/retrieve")).hasSize(forwarded);
  }

  @Test
  void appKeysMayAskButNotUploadOrManageKeys() throws Exception {
    String app = key(Role.APP, A);
    HttpResponse<String> upload = call("POST", "/v1/collections/" + A + "/documents", app, "{}");
    assertProblem(upload, 403, "forbidden");
    assertProblem(
        call("DELETE", "/v1/collections/" + A + "/documents/doc-1", app, null), 403, "forbidden");
    assertProblem(call("GET", "/v1/admin/keys", app, null), 403, "forbidden");
    assertProblem(call("GET", "/v1/ingest-jobs/job-1", app, null), 403, "forbidden");

    String admin = key(Role.ADMIN, A);
    HttpResponse<String> adminUpload =
        call("POST", "/v1/collections/" + A + "/documents", admin, "{}");
    assertThat(adminUpload.statusCode()).as(adminUpload.body()).isEqualTo(200);
    assertThat(UPSTREAM.last("/v1/collections/" + A + "/documents").method()).isEqualTo("POST");
    assertThat(call("GET", "/v1/collections/" + A + "/documents", app, null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aKeyForOneCollectionNeverReachesAnother() throws Exception {
    String keyA = key(Role.APP, A);
    assertProblem(
        call("POST", "/v1/retrieve", keyA, "{\"query\":\"pressure\",\"collection\":\"" + B + "\"}"),
        403,
        "forbidden");
    assertProblem(
        call(
            "POST",
            "/v1/retrieve",
            keyA,
            "{\"query\":\"pressure\",\"collections\":[\"" + A + "\",\"" + B + "\"]}"),
        403,
        "forbidden");
    assertProblem(
        call(
            "POST",
            "/v1/answers",
            keyA,
            "{\"question\":\"pressure?\",\"collection\":\"" + B + "\"}"),
        403,
        "forbidden");
    assertProblem(call("GET", "/v1/collections/" + B + "/documents", keyA, null), 403, "forbidden");

    HttpResponse<String> unnamed = call("POST", "/v1/retrieve", keyA, "{\"query\":\"pressure\"}");
    assertThat(unnamed.statusCode()).as(unnamed.body()).isEqualTo(200);
    JsonNode forwarded = JSON.readTree(UPSTREAM.last("/v1/retrieve").body());
    assertThat(forwarded.path("collections").toString()).isEqualTo("[\"" + A + "\"]");

    // generation-service reads only "collection": a name in "collections" is moved there, so it
    // never falls back to its default collection for this key.
    HttpResponse<String> listed =
        call(
            "POST",
            "/v1/answers",
            keyA,
            "{\"question\":\"Pressure in zone 4 " + RUN + "?\",\"collections\":[\"" + A + "\"]}");
    assertThat(listed.statusCode()).isEqualTo(200);
    JsonNode answerBody = JSON.readTree(UPSTREAM.last("/v1/answers").body());
    assertThat(answerBody.path("collection").asString()).isEqualTo(A);
    assertThat(answerBody.has("collections")).isFalse();
    String keyAB = key(Role.APP, A, B);
    assertProblem(
        call("POST", "/v1/answers", keyAB, "{\"question\":\"Pressure?\"}"), 400, "validation");
    assertProblem(
        call(
            "POST",
            "/v1/answers",
            keyAB,
            "{\"question\":\"Pressure?\",\"collections\":[\"" + A + "\",\"" + B + "\"]}"),
        400,
        "validation");
  }

  @Test
  void identicalQuestionsInTwoCollectionsNeverShareACachedAnswer() throws Exception {
    String keyA = key(Role.APP, A);
    String keyB = key(Role.APP, B);
    String question = "Who maintains the reservoir " + RUN + "?";

    HttpResponse<String> firstA = ask(keyA, question, A);
    assertThat(firstA.headers().firstValue("X-Cache")).hasValue("miss");
    HttpResponse<String> firstB = ask(keyB, question, B);
    assertThat(firstB.headers().firstValue("X-Cache")).hasValue("miss");
    assertThat(JSON.readTree(firstB.body()).path("collection").asString()).isEqualTo(B);

    HttpResponse<String> againA = ask(keyA, question, A);
    HttpResponse<String> againB = ask(keyB, question, B);
    assertThat(againA.headers().firstValue("X-Cache")).hasValue("hit-exact");
    assertThat(againB.headers().firstValue("X-Cache")).hasValue("hit-exact");
    assertThat(againA.body()).isEqualTo(firstA.body()).doesNotContain(B);
    assertThat(againB.body()).isEqualTo(firstB.body()).doesNotContain(A);
    // A key for A, asking without naming a collection, is answered from A only.
    HttpResponse<String> unnamed =
        call("POST", "/v1/answers", keyA, "{\"question\":\"" + question + "\"}");
    assertThat(unnamed.headers().firstValue("X-Cache")).hasValue("hit-exact");
    assertThat(unnamed.body()).isEqualTo(firstA.body());
  }

  @Test
  void exactHitsIgnoreCaseSpacingAndTrailingPunctuationButNotOptions() throws Exception {
    String keyA = key(Role.APP, A);
    int before = UPSTREAM.answerCalls();
    HttpResponse<String> first = ask(keyA, "How hard is the water in district " + RUN + "?", A);
    HttpResponse<String> variant =
        ask(keyA, "  how HARD is the   water in district " + RUN + " ", A);
    assertThat(first.headers().firstValue("X-Cache")).hasValue("miss");
    assertThat(variant.headers().firstValue("X-Cache")).hasValue("hit-exact");
    assertThat(variant.body()).isEqualTo(first.body());
    assertThat(UPSTREAM.answerCalls()).isEqualTo(before + 1);

    HttpResponse<String> filtered =
        call(
            "POST",
            "/v1/answers",
            keyA,
            JSON.writeValueAsString(
                Map.of(
                    "question",
                    "How hard is the water in district " + RUN + "?",
                    "collection",
                    A,
                    "filters",
                    Map.of("lang", "de"))));
    assertThat(filtered.headers().firstValue("X-Cache")).hasValue("miss");
  }

  @Test
  void semanticHitsNeedCosineAtTheThresholdWithinTheSameCollection() throws Exception {
    String asked = "When is the hydrant flushing " + RUN + "?";
    String close = "What day is hydrant flushing " + RUN + "?";
    String far = "When is the hydrant painting " + RUN + "?";
    UPSTREAM.embedding(asked, 1, 0, 0, 0);
    UPSTREAM.embedding(close, 0.98f, 0.199f, 0, 0); // cosine 0.980
    UPSTREAM.embedding(far, 0.90f, 0.436f, 0, 0); // cosine 0.900
    String keyA = key(Role.APP, A);
    String keyAll = key(Role.APP, A, B);

    HttpResponse<String> first = ask(keyA, asked, A);
    assertThat(first.headers().firstValue("X-Cache")).hasValue("miss");
    // Embedded by retrieval-service, whose query cache the answer's retrieval then hits.
    assertThat(UPSTREAM.received("/v1/query-embeddings"))
        .extracting(UpstreamStandIn.Received::body)
        .contains(JSON.writeValueAsString(Map.of("query", asked)));
    HttpResponse<String> similar = ask(keyA, close, A);
    assertThat(similar.headers().firstValue("X-Cache")).hasValue("hit-semantic");
    assertThat(similar.body()).isEqualTo(first.body());
    assertThat(ask(keyA, far, A).headers().firstValue("X-Cache")).hasValue("miss");
    assertThat(ask(keyAll, close, B).headers().firstValue("X-Cache")).hasValue("miss");
  }

  @Test
  void anIndexChangeInTheCollectionEndsItsCachedAnswers() throws Exception {
    String keyA = key(Role.APP, A);
    String keyB = key(Role.APP, B);
    String question = "Where do I report a leak " + RUN + "?";
    UPSTREAM.embedding("Where can I report a leak " + RUN + "?", 1, 0, 0);
    UPSTREAM.embedding(question, 1, 0, 0);
    ask(keyA, question, A);
    ask(keyB, question, B);
    assertThat(ask(keyA, question, A).headers().firstValue("X-Cache")).hasValue("hit-exact");

    publish(IndexEvent.Kind.INDEXED, A, epochs.of(A) + 1);
    assertThat(awaitCacheStatus(keyA, question, A, "miss")).isTrue();
    assertThat(ask(keyA, question, A).headers().firstValue("X-Cache")).hasValue("hit-exact");
    assertThat(
            ask(keyA, "Where can I report a leak " + RUN + "?", A).headers().firstValue("X-Cache"))
        .hasValue("hit-semantic");
    // B's documents did not change: its answer is still served.
    assertThat(ask(keyB, question, B).headers().firstValue("X-Cache")).hasValue("hit-exact");

    publish(IndexEvent.Kind.DELETED, A, epochs.of(A) + 1);
    assertThat(awaitCacheStatus(keyA, question, A, "miss")).isTrue();
    assertThat(
            ask(keyA, "Where can I report a leak " + RUN + "?", A).headers().firstValue("X-Cache"))
        .hasValue("hit-semantic");
  }

  @Test
  void deletingACollectionEndsItsCachedAnswersAtOnceAndOnlyItsAdminsMayDeleteIt() throws Exception {
    String c = "tenant-c-" + RUN;
    String d = "tenant-d-" + RUN;
    String question = "Who maintains the pumps " + RUN + "?";
    String appC = key(Role.APP, c);
    String appD = key(Role.APP, d);
    ask(appC, question, c);
    ask(appD, question, d);
    assertThat(ask(appC, question, c).headers().firstValue("X-Cache")).hasValue("hit-exact");

    // A limited admin cannot delete another tenant's collection; an app key cannot delete at all.
    int forwarded = UPSTREAM.received("/v1/collections/" + c).size();
    assertProblem(
        call("DELETE", "/v1/collections/" + c, key(Role.ADMIN, d), null), 403, "forbidden");
    assertProblem(call("DELETE", "/v1/collections/" + c, appC, null), 403, "forbidden");
    assertThat(UPSTREAM.received("/v1/collections/" + c)).hasSize(forwarded);
    assertThat(ask(appC, question, c).headers().firstValue("X-Cache")).hasValue("hit-exact");

    HttpResponse<String> deleted = call("DELETE", "/v1/collections/" + c, key(Role.ADMIN, c), null);
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    assertThat(UPSTREAM.last("/v1/collections/" + c).method()).isEqualTo("DELETE");
    // No index event has arrived: the generation alone ends the answer, on every instance.
    assertThat(ask(appC, question, c).headers().firstValue("X-Cache")).hasValue("miss");
    assertThat(ask(appD, question, d).headers().firstValue("X-Cache")).hasValue("hit-exact");
  }

  @Test
  void streamedAnswersAreCachedWhenCompleteAndReplayedAsAStream() throws Exception {
    String keyA = key(Role.APP, A);
    String body =
        JSON.writeValueAsString(
            Map.of("question", "Is the water safe " + RUN, "collection", A, "stream", true));
    HttpResponse<String> first = call("POST", "/v1/answers", keyA, body);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    assertThat(first.headers().firstValue("X-Cache")).hasValue("miss");
    assertThat(first.body()).contains("event:delta").contains("event:done");

    HttpResponse<String> replay = call("POST", "/v1/answers", keyA, body);
    assertThat(replay.headers().firstValue("X-Cache")).hasValue("hit-exact");
    assertThat(replay.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    assertThat(replay.body()).isEqualTo(first.body());
    // The JSON form of the same question is a different response, not served from the stream.
    HttpResponse<String> json = ask(keyA, "Is the water safe " + RUN, A);
    assertThat(json.headers().firstValue("X-Cache")).hasValue("miss");
    assertThat(json.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
  }

  /**
   * A second gateway instance (its own application context and Redis connections, the same Redis
   * and key store) shares every key's bucket: a burst split across both instances gets exactly the
   * capacity through (the refill, one token per two seconds, adds at most a few while the burst
   * lasts).
   */
  @Test
  void aBurstFromTwoGatewayInstancesGetsTheCapacityThroughThenProblemsWithRetryAfter()
      throws Exception {
    String burstKey = key(Role.APP, A);
    String otherKey = key(Role.APP, A);
    try (ConfigurableApplicationContext second = secondInstance()) {
      int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
      List<Callable<HttpResponse<String>>> burst = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        URI target =
            URI.create("http://127.0.0.1:" + (i % 2 == 0 ? port : secondPort) + "/v1/retrieve");
        burst.add(
            () ->
                HTTP.send(
                    HttpRequest.newBuilder(target)
                        .header("Authorization", "Bearer " + burstKey)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"burst\"}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()));
      }
      List<HttpResponse<String>> responses = new ArrayList<>();
      long start = System.nanoTime();
      try (var executor = Executors.newFixedThreadPool(12)) {
        for (Future<HttpResponse<String>> future : executor.invokeAll(burst)) {
          responses.add(future.get());
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long allowed = responses.stream().filter(r -> r.statusCode() == 200).count();
      List<HttpResponse<String>> limited =
          responses.stream().filter(r -> r.statusCode() == 429).toList();
      assertThat(allowed + limited.size()).isEqualTo(80);
      assertThat(allowed).isBetween(40L, 40L + (long) Math.ceil(seconds * 0.5));
      HttpResponse<String> refused = limited.getFirst();
      assertProblem(refused, 429, "rate-limited");
      assertThat(refused.headers().firstValue("Retry-After"))
          .hasValueSatisfying(wait -> assertThat(Integer.parseInt(wait)).isBetween(1, 2));
      // Buckets are per key: another key of the same tenant is unaffected, on either instance.
      assertThat(call("POST", "/v1/retrieve", otherKey, "{\"query\":\"calm\"}").statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void forwardsRequestIdAndTraceContextButNotTheKey() throws Exception {
    String keyA = key(Role.APP, A);
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(uri("/v1/retrieve"))
                .header("Authorization", "Bearer " + keyA)
                .header("Content-Type", "application/json")
                .header("X-Request-Id", "req-" + RUN)
                .header("traceparent", traceparent)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"query\":\"ids\",\"collection\":\"" + A + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.headers().firstValue("X-Request-Id")).hasValue("req-" + RUN);
    UpstreamStandIn.Received received = UPSTREAM.last("/v1/retrieve");
    assertThat(received.header("X-Request-Id")).isEqualTo("req-" + RUN);
    // The caller's trace continues upstream, as a child of the gateway's proxy call.
    assertThat(received.header("traceparent"))
        .matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-0[01]")
        .doesNotContain("00f067aa0ba902b7");
    assertThat(received.header("Authorization")).isNull();

    HttpResponse<String> generated = call("POST", "/v1/retrieve", keyA, "{\"query\":\"ids\"}");
    assertThat(generated.headers().firstValue("X-Request-Id"))
        .hasValueSatisfying(id -> assertThat(id).hasSize(32));
    assertThat(UPSTREAM.last("/v1/retrieve").header("traceparent"))
        .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]")
        .doesNotContain("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void adminsCreateListAndRevokeKeys() throws Exception {
    String admin = key(Role.ADMIN, "*");
    HttpResponse<String> created =
        call(
            "POST",
            "/v1/admin/keys",
            admin,
            "{\"name\":\"mobile app\",\"role\":\"app\",\"collections\":[\"" + A + "\"]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode key = JSON.readTree(created.body());
    String secret = key.path("key").asString();
    assertThat(secret).startsWith("rag_");
    assertThat(call("POST", "/v1/retrieve", secret, "{\"query\":\"q\"}").statusCode())
        .isEqualTo(200);

    HttpResponse<String> listed = call("GET", "/v1/admin/keys", admin, null);
    assertThat(listed.body())
        .contains(key.path("id").asString())
        .doesNotContain(secret)
        .doesNotContain(ApiKeySecrets.hash(secret));
    assertProblem(
        call(
            "POST",
            "/v1/admin/keys",
            admin,
            "{\"name\":\"x\",\"role\":\"owner\",\"collections\":[\"a\"]}"),
        400,
        "validation");

    assertThat(
            call("DELETE", "/v1/admin/keys/" + key.path("id").asString(), admin, null).statusCode())
        .isEqualTo(204);
    assertProblem(call("POST", "/v1/retrieve", secret, "{\"query\":\"q\"}"), 401, "unauthorized");

    String limitedAdmin = key(Role.ADMIN, A);
    assertProblem(
        call(
            "POST",
            "/v1/admin/keys",
            limitedAdmin,
            "{\"name\":\"sneaky\",\"role\":\"app\",\"collections\":[\"" + B + "\"]}"),
        403,
        "forbidden");
  }

  @Test
  void upstreamFailuresAndOversizedBodiesAreProblemDetails() throws Exception {
    String keyA = key(Role.APP, A);
    HttpResponse<String> down =
        call("POST", "/v1/rerank", keyA, "{\"query\":\"q\",\"documents\":[\"d\"]}");
    assertProblem(down, 503, "upstream-unavailable");
    assertThat(down.body()).doesNotContain("Exception").doesNotContain("at org.");
    // After enough failures the route's circuit opens: refused at once, with Retry-After.
    HttpResponse<String> refused = down;
    for (int i = 0; i < 20 && !refused.body().contains("\"circuit\""); i++) {
      refused = call("POST", "/v1/rerank", keyA, "{\"query\":\"q\",\"documents\":[\"d\"]}");
    }
    assertProblem(refused, 503, "upstream-unavailable");
    assertThat(JSON.readTree(refused.body()).path("circuit").asString()).isEqualTo("open");
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("10");
    // Other routes have their own breakers.
    assertThat(call("POST", "/v1/retrieve", keyA, "{\"query\":\"q\"}").statusCode()).isEqualTo(200);

    String huge = "{\"query\":\"" + "x".repeat(300 * 1024) + "\"}";
    assertProblem(call("POST", "/v1/retrieve", keyA, huge), 413, "payload-too-large");
  }

  @Test
  void servesEachServicesOpenApiDocumentWithoutAKey() throws Exception {
    HttpResponse<String> retrieval = call("GET", "/openapi/retrieval", null, null);
    assertThat(retrieval.statusCode()).as(retrieval.body()).isEqualTo(200);
    assertThat(JSON.readTree(retrieval.body()).path("path").asString()).isEqualTo("/v3/api-docs");
    assertThat(call("GET", "/v3/api-docs/swagger-config", null, null).body())
        .contains("/openapi/ingest")
        .contains("/openapi/generation");
  }

  // --- helpers -------------------------------------------------------------------------------

  /** Another gateway process in all but the JVM: same PostgreSQL, Redis, topic and upstreams. */
  private ConfigurableApplicationContext secondInstance() {
    return ProductionGateways.start(UPSTREAM.uri(), TOPIC, RUN, 40, "0.5");
  }

  private String key(Role role, String... collections) {
    String secret = ApiKeySecrets.newSecret();
    keys.add(
        new ApiKey(
            ApiKeySecrets.newId(),
            "test " + role.wireName(),
            ApiKeySecrets.hash(secret),
            role,
            List.of(collections),
            Instant.now(),
            null));
    return secret;
  }

  private HttpResponse<String> ask(String key, String question, String collection)
      throws Exception {
    HttpResponse<String> response =
        call(
            "POST",
            "/v1/answers",
            key,
            JSON.writeValueAsString(Map.of("question", question, "collection", collection)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response;
  }

  private boolean awaitCacheStatus(String key, String question, String collection, String expected)
      throws Exception {
    for (int i = 0; i < 100; i++) {
      if (ask(key, question, collection)
          .headers()
          .firstValue("X-Cache")
          .orElse("")
          .equals(expected)) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  private static void publish(IndexEvent.Kind kind, String collection, long epoch)
      throws Exception {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrap());
    try (var producer =
        new KafkaProducer<>(config, new StringSerializer(), new JsonSerde<>(IndexEvent.class))) {
      var event =
          new IndexEvent(
              SchemaVersions.CURRENT,
              "job-" + RUN,
              collection + ":doc",
              collection,
              1,
              kind,
              kind == IndexEvent.Kind.INDEXED ? 3 : 0,
              epoch,
              null,
              Instant.now());
      producer.send(new ProducerRecord<>(TOPIC, event.documentId(), event)).get();
    }
  }

  private HttpResponse<String> call(String method, String path, String key, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static void assertProblem(HttpResponse<String> response, int status, String slug) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("type").asString()).isEqualTo("urn:rag:problem:" + slug);
    assertThat(problem.path("status").asInt()).isEqualTo(status);
  }

  private static UpstreamStandIn startStandIn() {
    try {
      return new UpstreamStandIn();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot start the upstream stand-in", e);
    }
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
