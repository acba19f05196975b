package dev.rag.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.e2e.RunningPlatform;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform as an attacker on the same machine meets it (the shared {@code rag up} platform):
 * two tenants, A and B, each with a document; keys for each role and scope. Every route is called
 * in its canonical spelling and in every other spelling {@link PathSpellings} makes, by every kind
 * of caller; a spelling must answer like the canonical path or be refused with a
 * 400/401/403/404/405, and no caller outside A ever sees A's data. Then the cases the route matrix
 * cannot express: key management bounded by the caller's collections, a collection-limited admin's
 * view of collections and jobs, internal services that refuse calls without the service token,
 * health without details, and bodies that must be refused cleanly.
 */
@Order(10)
class SecurityEndToEndTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
  private static final String A = "sec-a-" + RUN;
  private static final String B = "sec-b-" + RUN;

  /** A's secret: only callers of A may ever see it. */
  private static final String SECRET = "QX7" + RUN.toUpperCase() + "ZEBRA";

  private static final String FILE_A = "vault-" + RUN + ".md";

  private static int gateway;
  private static String admin;
  private static final Map<String, String> keys = new LinkedHashMap<>();
  private static final Map<String, String> keyIds = new LinkedHashMap<>();
  private static String jobA;

  @BeforeAll
  static void twoTenants() throws Exception {
    RunningPlatform platform = RunningPlatform.get();
    gateway = platform.port("gateway");
    admin = RunningPlatform.apiKey(gateway);
    jobA =
        upload(
            A,
            FILE_A,
            "# Vault\n\nThe vault code of the night shift is "
                + SECRET
                + ". The vault opens at nine in the morning and closes at five in the evening.\n");
    String jobB =
        upload(
            B,
            "garden-" + RUN + ".md",
            "# Garden\n\nThe garden hose is stored in the blue shed next to the apple tree.\n");
    awaitCompleted(jobA);
    awaitCompleted(jobB);
    createKey("appA", "app", List.of(A));
    createKey("appB", "app", List.of(B));
    createKey("adminB", "admin", List.of(B));
    createKey("victimA", "app", List.of(A));
  }

  // --- the route matrix -----------------------------------------------------------------------

  /** One route as a caller would call it, and the text in its answers that belongs to tenant A. */
  private record Call(String method, String path, String body, String contentType, String leak) {}

  private static List<Call> calls() {
    String ask =
        "{\"question\":\"What is the vault code of the night shift?\",\"collection\":\""
            + A
            + "\"}";
    return List.of(
        new Call(
            "POST",
            "/v1/retrieve",
            "{\"query\":\"vault code night shift\",\"collection\":\"" + A + "\"}",
            "application/json",
            SECRET),
        new Call("POST", "/v1/answers", ask, "application/json", SECRET),
        new Call(
            "POST",
            "/v1/chat/completions",
            "{\"collection\":\""
                + A
                + "\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"What is the vault code of the night shift?\"}]}",
            "application/json",
            SECRET),
        new Call("GET", "/v1/models", null, null, null),
        new Call("GET", "/v1/models/rag", null, null, null),
        new Call("GET", "/v1/collections/" + A + "/documents", null, null, FILE_A),
        new Call(
            "GET",
            "/v1/collections/" + A + "/documents/" + A + ":" + FILE_A + "/chunks",
            null,
            null,
            SECRET),
        new Call("GET", "/v1/me", null, null, null),
        new Call("GET", "/v1/admin/status", null, null, null),
        new Call("GET", "/v1/collections/" + A, null, null, "\"" + A + "\""),
        new Call("GET", "/v1/collections", null, null, "\"" + A + "\""),
        new Call("GET", "/v1/ingest-jobs/" + jobA, null, null, FILE_A),
        new Call("GET", "/v1/admin/keys", null, null, keyIds.get("appA")),
        new Call(
            "POST",
            "/v1/admin/keys",
            "{\"name\":\"minted-" + RUN + "\",\"role\":\"admin\",\"collections\":[\"*\"]}",
            "application/json",
            "\"key\""),
        new Call("DELETE", "/v1/admin/keys/" + keyIds.get("victimA"), null, null, null),
        new Call("POST", "/v1/collections/" + A + "/documents", "", "multipart", null),
        new Call("POST", "/v1/embeddings", "{\"input\":\"vault\"}", "application/json", null),
        new Call(
            "POST",
            "/v1/rerank",
            "{\"query\":\"vault\",\"documents\":[\"a\",\"b\"]}",
            "application/json",
            null));
  }

  /**
   * Callers: none, another tenant's app key, A's app key, B's limited admin, the bootstrap admin.
   */
  private static Map<String, String> callers() {
    Map<String, String> callers = new LinkedHashMap<>();
    callers.put("no key", null);
    callers.put("app key of B", keys.get("appB"));
    callers.put("app key of A", keys.get("appA"));
    callers.put("admin of B", keys.get("adminB"));
    callers.put("admin", admin);
    return callers;
  }

  /** Whether {@code caller} may see what the call reveals about A. */
  private static boolean mayReadA(String caller, Call call) {
    return caller.equals("admin")
        || (caller.equals("app key of A")
            && call.path().startsWith("/v1/")
            && !call.path().startsWith("/v1/admin")
            && !call.path().equals("/v1/collections")
            && !call.path().startsWith("/v1/ingest-jobs"));
  }

  /** Canonical calls with lasting effects that the bootstrap admin does not make here. */
  private static boolean skipped(String caller, Call call) {
    return caller.equals("admin")
        && (call.method().equals("DELETE")
            || call.contentType() != null && call.contentType().equals("multipart"));
  }

  @Test
  void everySpellingOfEveryRouteAnswersLikeTheCanonicalPathOrIsRefused() throws Exception {
    SoftAssertions soft = new SoftAssertions();
    int requests = 0;
    for (Call call : calls()) {
      for (Map.Entry<String, String> caller : callers().entrySet()) {
        String who = caller.getKey();
        int canonical = skipped(who, call) ? -1 : sendPatiently(call, caller.getValue()).status();
        requests++;
        if (!skipped(who, call)) {
          checkCanonical(soft, who, call, canonical);
        }
        for (String spelling : PathSpellings.of(call.path())) {
          RawHttp.Response response = send(call, spelling, caller.getValue());
          requests++;
          String what =
              who
                  + " "
                  + call.method()
                  + " "
                  + spelling
                  + " -> "
                  + response.status()
                  + " "
                  + abbreviate(response.body());
          // 429: the rate limit, a refusal too (spellings that pass the path check count against
          // the key).
          boolean refused = Set.of(400, 401, 403, 404, 405, 429).contains(response.status());
          soft.assertThat(refused || response.status() == canonical).as(what).isTrue();
          if (refused && response.status() != 400) {
            soft.assertThat(response.isProblem()).as("problem detail: " + what).isTrue();
          }
          if (call.leak() != null && !mayReadA(who, call)) {
            soft.assertThat(response.body()).as(what).doesNotContain(call.leak());
          }
        }
      }
    }
    soft.assertAll();
    assertThat(requests).isGreaterThan(2000);
    // Nothing that was refused happened anyway: the victim key still works, no admin key was minted
    // but the one the bootstrap admin made on the canonical path, A still holds one document.
    assertThat(
            send(
                    call(
                        "POST",
                        "/v1/retrieve",
                        "{\"query\":\"vault\",\"collection\":\"" + A + "\"}"),
                    "/v1/retrieve",
                    keys.get("victimA"))
                .status())
        .isEqualTo(200);
    JsonNode listed = JSON.readTree(get("/v1/admin/keys", admin).body());
    long minted = 0;
    for (JsonNode key : listed) {
      if (key.path("name").asString().equals("minted-" + RUN)) {
        minted++;
      }
    }
    assertThat(minted).isEqualTo(1);
    JsonNode documents = JSON.readTree(get("/v1/collections/" + A + "/documents", admin).body());
    assertThat(documents.toString()).contains(FILE_A);
    assertThat(documents.findValues("documentId").size() + documents.findValues("id").size())
        .as(documents.toString())
        .isLessThanOrEqualTo(2);
  }

  /**
   * The console's files are public like the probes, and that opens nothing else: every spelling of
   * their paths answers the same file or is refused, no path under {@code /console/} reaches an API
   * route, and only GET is public there.
   */
  @Test
  void theConsolesFilesArePublicAndOpenNoWayAroundTheChecks() throws Exception {
    for (String path :
        List.of("/", "/console/app.js", "/console/pages/ask.js", "/console/console.css")) {
      RawHttp.Response file = get(path, null);
      assertThat(file.status()).as(path).isEqualTo(200);
      assertThat(file.headers().get("content-security-policy"))
          .as(path)
          .contains("default-src 'self'")
          .doesNotContain("unsafe-inline");
      for (String spelling : PathSpellings.of(path)) {
        RawHttp.Response response = get(spelling, null);
        assertThat(response.status())
            .as(spelling + " -> " + abbreviate(response.body()))
            .isIn(200, 400, 401, 404, 405, 429);
        if (response.status() == 200) {
          assertThat(response.body()).as(spelling).isEqualTo(file.body());
        }
      }
    }
    String someKeyId = keyIds.get("appA");
    for (String escape :
        List.of(
            "/console/../v1/admin/keys",
            "/console/%2e%2e/v1/admin/keys",
            "/console/..%2Fv1/admin/keys",
            "/console/%2E%2E%2Fv1%2Fadmin%2Fkeys",
            "/console/v1/admin/keys",
            "/console//v1/admin/keys",
            "/console/;/../v1/admin/keys",
            "/console/..;/v1/admin/keys",
            "/console/%5C..%5Cv1/admin/keys",
            "/console/../actuator/env")) {
      for (String key : java.util.Arrays.asList(null, keys.get("appB"))) {
        RawHttp.Response response = get(escape, key);
        assertThat(response.status())
            .as(escape + " -> " + abbreviate(response.body()))
            .isIn(400, 401, 403, 404);
        assertThat(response.body()).as(escape).doesNotContain(someKeyId).doesNotContain(SECRET);
      }
    }
    for (String method : List.of("POST", "PUT", "DELETE")) {
      RawHttp.Response response = RawHttp.send(gateway, method, "/console/app.js", Map.of(), null);
      assertThat(response.status()).as(method).isEqualTo(401);
    }
  }

  private static void checkCanonical(SoftAssertions soft, String who, Call call, int status) {
    String what = who + " " + call.method() + " " + call.path() + " -> " + status;
    boolean adminRoute =
        call.path().startsWith("/v1/admin")
            || call.path().equals("/v1/collections")
            || call.path().startsWith("/v1/ingest-jobs")
            || (call.method().equals("POST") && call.path().contains("/documents"));
    boolean namesA = call.path().contains(A) || (call.body() != null && call.body().contains(A));
    switch (who) {
      case "no key" -> soft.assertThat(status).as(what).isEqualTo(401);
      case "app key of B" ->
          soft.assertThat(status).as(what).isEqualTo(adminRoute || namesA ? 403 : 200);
      case "app key of A" -> soft.assertThat(status).as(what).isEqualTo(adminRoute ? 403 : 200);
      case "admin of B" -> {
        if (call.path().startsWith("/v1/ingest-jobs") || call.method().equals("DELETE")) {
          soft.assertThat(status).as(what).isEqualTo(404);
        } else if (call.path().equals("/v1/admin/keys") && call.method().equals("POST")) {
          soft.assertThat(status).as(what).isEqualTo(403);
        } else if (namesA) {
          soft.assertThat(status).as(what).isEqualTo(403);
        } else {
          soft.assertThat(status).as(what).isEqualTo(200);
        }
      }
      default -> soft.assertThat(status).as(what).isBetween(200, 201);
    }
  }

  // --- keys, scopes, internal services ---------------------------------------------------------

  @Test
  void keyManagementStaysWithinTheCallersCollections() throws Exception {
    String adminB = keys.get("adminB");
    JsonNode visible = JSON.readTree(get("/v1/admin/keys", adminB).body());
    List<String> ids = new ArrayList<>();
    visible.forEach(key -> ids.add(key.path("id").asString()));
    assertThat(ids)
        .contains(keyIds.get("appB"), keyIds.get("adminB"))
        .doesNotContain(keyIds.get("appA"), keyIds.get("victimA"));
    visible.forEach(
        key -> assertThat(key.path("collections").toString()).isEqualTo("[\"" + B + "\"]"));

    assertThat(
            post("/v1/admin/keys", adminB, "{\"role\":\"admin\",\"collections\":[\"*\"]}").status())
        .isEqualTo(403);
    assertThat(
            post("/v1/admin/keys", adminB, "{\"role\":\"app\",\"collections\":[\"" + A + "\"]}")
                .status())
        .isEqualTo(403);
    assertThat(
            post(
                    "/v1/admin/keys",
                    adminB,
                    "{\"role\":\"app\",\"collections\":[\"" + B + "\",\"" + A + "\"]}")
                .status())
        .isEqualTo(403);
    assertThat(
            post(
                    "/v1/admin/keys",
                    keys.get("appB"),
                    "{\"role\":\"app\",\"collections\":[\"" + B + "\"]}")
                .status())
        .isEqualTo(403);
    RawHttp.Response created =
        post(
            "/v1/admin/keys",
            adminB,
            "{\"name\":\"made-by-admin-b\",\"role\":\"app\",\"collections\":[\"" + B + "\"]}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);

    String bootstrapId = null;
    for (JsonNode key : JSON.readTree(get("/v1/admin/keys", admin).body())) {
      if (key.path("name").asString().equals("bootstrap admin") && key.path("revokedAt").isNull()) {
        bootstrapId = key.path("id").asString();
      }
    }
    assertThat(bootstrapId).isNotNull();
    for (String target : List.of(bootstrapId, keyIds.get("appA"))) {
      RawHttp.Response refused =
          RawHttp.send(gateway, "DELETE", "/v1/admin/keys/" + target, bearer(adminB), null);
      assertThat(refused.status()).as(refused.body()).isEqualTo(404);
    }
    assertThat(get("/v1/collections/" + A, admin).status()).isEqualTo(200);
    assertThat(get("/v1/collections/" + A, keys.get("appA")).status()).isEqualTo(200);
  }

  @Test
  void aCollectionLimitedAdminSeesOnlyItsOwnCollectionsAndJobs() throws Exception {
    RawHttp.Response list = get("/v1/collections", keys.get("adminB"));
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body())
        .contains("\"" + B + "\"")
        .doesNotContain("\"" + A + "\"")
        .doesNotContain("samples");
    RawHttp.Response job = get("/v1/ingest-jobs/" + jobA, keys.get("adminB"));
    assertThat(job.status()).isEqualTo(404);
    assertThat(job.body()).doesNotContain(FILE_A);
    assertThat(get("/v1/ingest-jobs/" + jobA, admin).body()).contains(FILE_A);
    assertThat(get("/v1/collections", admin).body()).contains("\"" + A + "\"", "\"" + B + "\"");
  }

  @Test
  void internalServicesRefuseCallsWithoutTheServiceToken() throws Exception {
    Map<String, String[]> endpoints =
        Map.of(
            "ingest-service", new String[] {"GET", "/v1/collections", null},
            "embedding-service", new String[] {"POST", "/v1/embeddings", "{\"input\":\"x\"}"},
            "retrieval-service",
                new String[] {
                  "POST", "/v1/retrieve", "{\"query\":\"vault\",\"collection\":\"" + A + "\"}"
                },
            "rerank-service",
                new String[] {"POST", "/v1/rerank", "{\"query\":\"q\",\"documents\":[\"a\"]}"},
            "generation-service",
                new String[] {
                  "POST",
                  "/v1/answers",
                  "{\"question\":\"vault code?\",\"collection\":\"" + A + "\"}"
                });
    String token = RunningPlatform.serviceToken();
    assertThat(token).as("rag up writes a service token").isNotBlank();
    for (Map.Entry<String, String[]> service : endpoints.entrySet()) {
      int port = RunningPlatform.PORTS.get(service.getKey());
      String[] call = service.getValue();
      byte[] body = call[2] == null ? null : call[2].getBytes(StandardCharsets.UTF_8);
      Map<String, String> json =
          call[2] == null ? Map.of() : Map.of("Content-Type", "application/json");
      for (String target :
          List.of(call[1], call[1] + ";x", "/v3/api-docs", "/actuator/metrics", "/actuator/env")) {
        String method = target.startsWith(call[1]) ? call[0] : "GET";
        RawHttp.Response refused =
            RawHttp.send(port, method, target, json, target.startsWith(call[1]) ? body : null);
        assertThat(refused.status())
            .as(service.getKey() + " " + target + ": " + refused.body())
            .isEqualTo(401);
        assertThat(refused.body()).doesNotContain(SECRET);
        Map<String, String> forged = new LinkedHashMap<>(json);
        forged.put("X-Rag-Service-Token", token.substring(0, token.length() - 1) + "0");
        assertThat(
                RawHttp.send(port, method, target, forged, target.startsWith(call[1]) ? body : null)
                    .status())
            .as(service.getKey() + " forged token")
            .isEqualTo(401);
      }
      Map<String, String> withToken = new LinkedHashMap<>(json);
      withToken.put("X-Rag-Service-Token", token);
      assertThat(RawHttp.send(port, call[0], call[1], withToken, body).status())
          .as(service.getKey())
          .isEqualTo(200);
      RawHttp.Response health = RawHttp.send(port, "GET", "/actuator/health", Map.of(), null);
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.body())
          .contains("\"UP\"")
          .doesNotContain("components")
          .doesNotContain("diskSpace");
    }
  }

  @Test
  void theGatewayDoesNotRouteRetrievalsInternalQueryEmbeddings() throws Exception {
    // Internal (service token): through the gateway not even the bootstrap admin reaches them.
    for (String path : List.of("/v1/query-embeddings", "/v1/query-embeddings/batch")) {
      RawHttp.Response response =
          post(path, admin, "{\"query\":\"vault\",\"queries\":[\"vault\"]}");
      assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(404);
      assertThat(response.body()).doesNotContain("\"embedding");
    }
  }

  @Test
  void theGatewaysHealthShowsNoDetailsAndItsMetricsNeedAnAdmin() throws Exception {
    RawHttp.Response health = get("/actuator/health", null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body())
        .contains("\"UP\"")
        .doesNotContain("components")
        .doesNotContain("path")
        .doesNotContain("diskSpace");
    assertThat(get("/actuator/metrics", null).status()).isEqualTo(401);
    assertThat(get("/actuator/metrics", keys.get("appA")).status()).isEqualTo(403);
    assertThat(get("/actuator/env", admin).status()).isEqualTo(404);
    assertThat(get("/actuator/health/readiness", null).status()).isEqualTo(200);
  }

  @Test
  void platformHeadersFromAClientAreIgnored() throws Exception {
    Map<String, String> headers = new LinkedHashMap<>(bearer(keys.get("appB")));
    headers.put("X-Rag-Caller-Collections", "*");
    headers.put("X-Rag-Caller-Role", "admin");
    headers.put("X-Rag-Service-Token", "guess");
    headers.put("Content-Type", "application/json");
    RawHttp.Response response =
        RawHttp.send(
            gateway,
            "POST",
            "/v1/retrieve",
            headers,
            ("{\"query\":\"vault code\",\"collection\":\"" + A + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(response.status()).isEqualTo(403);
    headers.remove("Content-Type");
    RawHttp.Response list = RawHttp.send(gateway, "GET", "/v1/collections", headers, null);
    assertThat(list.status()).isEqualTo(403);
    Map<String, String> adminB = new LinkedHashMap<>(bearer(keys.get("adminB")));
    adminB.put("X-Rag-Caller-Collections", "*");
    assertThat(RawHttp.send(gateway, "GET", "/v1/collections", adminB, null).body())
        .doesNotContain("\"" + A + "\"");
  }

  @Test
  void badBodiesGetProblemDetailsThatNameTheFieldNotAJavaType() throws Exception {
    for (String body :
        List.of(
            "{\"query\":\"x\",\"collection\":[\"" + B + "\"]}",
            "{\"query\":\"x\",\"collections\":\"" + B + "\"}",
            "{\"query\":\"x\",\"collections\":[7]}",
            "[1,2]",
            "{\"query\":")) {
      RawHttp.Response response = post("/v1/retrieve", keys.get("appB"), body);
      assertThat(response.status()).as(body + " -> " + response.body()).isEqualTo(400);
      assertThat(response.isProblem()).isTrue();
      assertThat(response.body())
          .doesNotContain("java.")
          .doesNotContain("dev.rag")
          .doesNotContain("Exception");
    }
    RawHttp.Response wrongType =
        post(
            "/v1/retrieve", admin, "{\"query\":\"x\",\"collection\":\"" + B + "\",\"k\":\"many\"}");
    assertThat(wrongType.status()).as(wrongType.body()).isEqualTo(400);
    assertThat(wrongType.body()).contains("k").doesNotContain("java.").doesNotContain("dev.rag");
  }

  @Test
  void aBodyIsCheckedWhateverContentTypeItDeclares() throws Exception {
    byte[] body =
        ("{\"query\":\"vault code\",\"collection\":\"" + A + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    for (String type :
        List.of(
            "multipart/form-data; boundary=x",
            "text/plain",
            "application/x-www-form-urlencoded",
            "application/octet-stream",
            "multipart/mixed+json")) {
      Map<String, String> headers = new LinkedHashMap<>(bearer(keys.get("appB")));
      headers.put("Content-Type", type);
      RawHttp.Response response = RawHttp.send(gateway, "POST", "/v1/retrieve", headers, body);
      assertThat(response.status()).as(type + " -> " + response.body()).isIn(400, 403, 415);
      assertThat(response.body()).doesNotContain(SECRET);
    }
  }

  @Test
  void chunkedBodiesAreHeldToTheJsonLimit() throws Exception {
    byte[] huge =
        ("{\"query\":\"q\",\"documents\":[\"" + "x".repeat(400 * 1024) + "\"]}")
            .getBytes(StandardCharsets.UTF_8);
    for (String path : List.of("/v1/rerank", "/v1/embeddings", "/v1/retrieve")) {
      Map<String, String> headers = new LinkedHashMap<>(bearer(keys.get("appB")));
      headers.put("Content-Type", "application/json");
      RawHttp.Response response = RawHttp.sendChunked(gateway, "POST", path, headers, huge);
      assertThat(response.status()).as(path + " " + response.body()).isEqualTo(413);
      assertThat(response.body()).contains("262144");
    }
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static Call call(String method, String path, String body) {
    return new Call(method, path, body, "application/json", null);
  }

  private static RawHttp.Response send(Call call, String target, String key) throws Exception {
    Map<String, String> headers = new LinkedHashMap<>(key == null ? Map.of() : bearer(key));
    byte[] body = null;
    if (call.contentType() != null && call.contentType().equals("multipart")) {
      String boundary = "rag-security-" + RUN;
      headers.put("Content-Type", "multipart/form-data; boundary=" + boundary);
      body = multipart(boundary, "probe-" + RUN + ".md", "# Probe\n\nA probe document.\n");
    } else if (call.body() != null) {
      headers.put("Content-Type", call.contentType());
      body = call.body().getBytes(StandardCharsets.UTF_8);
    }
    return RawHttp.send(gateway, call.method(), target, headers, body);
  }

  /** The canonical call, waited for when the key's rate limit refuses it for a moment. */
  private static RawHttp.Response sendPatiently(Call call, String key) throws Exception {
    RawHttp.Response response = send(call, call.path(), key);
    for (int i = 0; i < 10 && response.status() == 429; i++) {
      Thread.sleep(1000L * Long.parseLong(response.headers().getOrDefault("retry-after", "1")));
      response = send(call, call.path(), key);
    }
    return response;
  }

  private static Map<String, String> bearer(String key) {
    return Map.of("Authorization", "Bearer " + key);
  }

  private static RawHttp.Response get(String path, String key) throws Exception {
    return RawHttp.send(gateway, "GET", path, key == null ? Map.of() : bearer(key), null);
  }

  private static RawHttp.Response post(String path, String key, String json) throws Exception {
    Map<String, String> headers = new LinkedHashMap<>(bearer(key));
    headers.put("Content-Type", "application/json");
    return RawHttp.send(gateway, "POST", path, headers, json.getBytes(StandardCharsets.UTF_8));
  }

  private static void createKey(String name, String role, List<String> collections)
      throws Exception {
    RawHttp.Response created =
        post(
            "/v1/admin/keys",
            admin,
            JSON.writeValueAsString(
                Map.of("name", name + "-" + RUN, "role", role, "collections", collections)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode json = JSON.readTree(created.body());
    keys.put(name, json.path("key").asString());
    keyIds.put(name, json.path("id").asString());
  }

  private static String upload(String collection, String fileName, String text) throws Exception {
    String boundary = "rag-upload-" + RUN;
    Map<String, String> headers = new LinkedHashMap<>(bearer(admin));
    headers.put("Content-Type", "multipart/form-data; boundary=" + boundary);
    RawHttp.Response accepted =
        RawHttp.send(
            gateway,
            "POST",
            "/v1/collections/" + collection + "/documents",
            headers,
            multipart(boundary, fileName, text));
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    return JSON.readTree(accepted.body()).path("jobId").asString();
  }

  private static void awaitCompleted(String job) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    String state = "";
    while (System.nanoTime() < deadline) {
      state = JSON.readTree(get("/v1/ingest-jobs/" + job, admin).body()).path("state").asString();
      if (state.equals("COMPLETED")) {
        return;
      }
      if (state.equals("FAILED") || state.equals("PARTIAL")) {
        break;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("job " + job + " ended " + state);
  }

  private static byte[] multipart(String boundary, String fileName, String text) {
    return ("--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
            + fileName
            + "\"\r\nContent-Type: text/markdown\r\n\r\n"
            + text
            + "\r\n--"
            + boundary
            + "--\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String abbreviate(String body) {
    return body.length() <= 200 ? body : body.substring(0, 200) + "...";
  }
}
