package dev.rag.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rag.gateway.auth.ApiKeySecrets;
import dev.rag.testing.Infrastructure;
import dev.rag.testing.ServiceContractTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The embedded default ({@code ./rag up}): keys in a file under the state directory, the bootstrap
 * admin key written for the operator, rate limits and answer cache in process; here also with JWT
 * bearer tokens (HS256) switched on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("embedded")
class GatewayApplicationTest extends ServiceContractTest {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final Path STATE = Path.of("target/embedded-state-" + RUN).toAbsolutePath();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String JWT_SECRET = "a shared HS256 secret of 32+ bytes for tests";
  private static final UpstreamStandIn UPSTREAM = start();

  @DynamicPropertySource
  static void embedded(DynamicPropertyRegistry registry) {
    Infrastructure.registerKafka(registry);
    registry.add("rag.state-dir", STATE::toString);
    registry.add("rag.gateway.index-events.topic", () -> "gateway-test.embedded." + RUN);
    registry.add("rag.gateway.jwt.enabled", () -> "true");
    registry.add("rag.security.service-token", () -> "a service token for gateway tests");
    registry.add("rag.gateway.jwt.hmac-secret", () -> JWT_SECRET);
    for (String service : List.of("ingest", "embedding", "retrieval", "rerank", "generation")) {
      registry.add("rag.gateway." + service + "-url", () -> UPSTREAM.uri().toString());
    }
  }

  @AfterAll
  static void stop() {
    UPSTREAM.close();
  }

  @Override
  protected String serviceName() {
    return "gateway";
  }

  @Override
  protected HttpRequest.Builder credentials(HttpRequest.Builder request) {
    try {
      return request.header(
          "Authorization",
          "Bearer " + Files.readString(STATE.resolve("gateway/bootstrap-admin.key")).strip());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void writesABootstrapAdminKeyOnlyItsOwnerCanRead() throws Exception {
    Path file = STATE.resolve("gateway/bootstrap-admin.key");
    assertThat(file).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String secret = Files.readString(file).strip();
    assertThat(secret).startsWith("rag_");
    String stored = Files.readString(STATE.resolve("gateway/api-keys.json"));
    assertThat(stored)
        .contains(ApiKeySecrets.hash(secret))
        .doesNotContain(secret)
        .contains("\"ADMIN\"");
  }

  @Test
  void theBootstrapKeyAdministersAndNoKeyIsRefused() throws Exception {
    String admin = Files.readString(STATE.resolve("gateway/bootstrap-admin.key")).strip();
    assertThat(send("POST", "/v1/collections/samples/documents", null, "{}").statusCode())
        .isEqualTo(401);
    HttpResponse<String> upload = send("POST", "/v1/collections/samples/documents", admin, "{}");
    assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
    assertThat(send("GET", "/v1/admin/keys", admin, null).body()).contains("bootstrap admin");
  }

  @Test
  void servesTheConsoleWithoutAKeyUnderAStrictContentSecurityPolicy() throws Exception {
    HttpResponse<String> page = send("GET", "/", null, null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(page.body()).contains("<script type=\"module\" src=\"/console/app.js\">");
    String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(policy)
        .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'");
    assertThat(policy).doesNotContain("unsafe-inline", "unsafe-eval");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

    HttpResponse<String> script = send("GET", "/console/app.js", null, null);
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
    assertThat(script.headers().firstValue("Content-Security-Policy")).hasValue(policy);
    assertThat(send("GET", "/console/no-such-file.js", null, null).statusCode()).isEqualTo(404);
    // Only reading is public: any other method, or a path beside the console, needs a key.
    assertThat(send("POST", "/", null, "{}").statusCode()).isEqualTo(401);
    assertThat(send("GET", "/consoles", null, null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/index.html", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void tellsAKeyWhoItIs() throws Exception {
    String admin = Files.readString(STATE.resolve("gateway/bootstrap-admin.key")).strip();
    HttpResponse<String> me = send("GET", "/v1/me", admin, null);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    assertThat(me.body())
        .contains("\"role\":\"admin\"", "\"collections\":[\"*\"]", "bootstrap admin");
    assertThat(send("GET", "/v1/me", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void reportsEachServicesHealthAndTheIngestionLagToAdmins() throws Exception {
    String admin = Files.readString(STATE.resolve("gateway/bootstrap-admin.key")).strip();
    HttpResponse<String> status = send("GET", "/v1/admin/status", admin, null);
    assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
    var body = tools.jackson.databind.json.JsonMapper.builder().build().readTree(status.body());
    List<String> services = new java.util.ArrayList<>();
    body.path("services").forEach(s -> services.add(s.path("name").asString()));
    assertThat(services)
        .containsExactly("gateway", "ingest", "embedding", "retrieval", "rerank", "generation");
    body.path("services").forEach(s -> assertThat(s.path("status").asString()).isEqualTo("UP"));
    assertThat(body.path("services").get(1).path("components").path("kafka").asString())
        .isEqualTo("UP");
    assertThat(status.body()).doesNotContain("internal detail");
    List<String> stages = new java.util.ArrayList<>();
    body.path("lag")
        .forEach(
            stage -> {
              stages.add(stage.path("stage").asString());
              assertThat(stage.path("lag").isNumber()).as(stage.toString()).isTrue();
            });
    assertThat(stages).containsExactly("parsing", "embedding", "indexing");
    assertThat(UPSTREAM.last("/actuator/health").header("X-Rag-Service-Token")).isNotNull();
  }

  @Test
  void answersAreCachedInProcess() throws Exception {
    String admin = Files.readString(STATE.resolve("gateway/bootstrap-admin.key")).strip();
    String body =
        "{\"question\":\"What is the embedded cache " + RUN + "?\",\"collection\":\"samples\"}";
    for (int i = 0;
        i < 50
            && !send("POST", "/v1/answers", admin, body)
                .headers()
                .firstValue("X-Cache")
                .orElse("")
                .startsWith("hit");
        i++) {
      Thread.sleep(100); // the first answers pass while the (empty) index-event topic is read
    }
    HttpResponse<String> first = send("POST", "/v1/answers", admin, body);
    HttpResponse<String> again = send("POST", "/v1/answers", admin, body);
    assertThat(first.headers().firstValue("X-Cache")).hasValue("hit-exact");
    assertThat(again.headers().firstValue("X-Cache")).hasValue("hit-exact");
    assertThat(again.body()).isEqualTo(first.body()).contains("from samples");
  }

  @Test
  void jwtBearerTokensMapClaimsToRolesAndCollections() throws Exception {
    String app =
        token(JWT_SECRET, "alice", "app", List.of("samples"), Instant.now().plusSeconds(300));
    HttpResponse<String> retrieve =
        sendBearer("POST", "/v1/retrieve", app, "{\"query\":\"hardness\"}");
    assertThat(retrieve.statusCode()).as(retrieve.body()).isEqualTo(200);
    assertThat(UPSTREAM.last("/v1/retrieve").body()).contains("\"collections\":[\"samples\"]");
    assertThat(
            sendBearer("POST", "/v1/retrieve", app, "{\"query\":\"x\",\"collection\":\"other\"}")
                .statusCode())
        .isEqualTo(403);
    assertThat(sendBearer("POST", "/v1/collections/samples/documents", app, "{}").statusCode())
        .isEqualTo(403);

    String admin = token(JWT_SECRET, "root", "admin", List.of("*"), Instant.now().plusSeconds(300));
    assertThat(sendBearer("POST", "/v1/collections/samples/documents", admin, "{}").statusCode())
        .isEqualTo(200);

    String forged =
        token(
            "another secret that is long enough for HS256",
            "mallory",
            "admin",
            List.of("*"),
            Instant.now().plusSeconds(300));
    String expired =
        token(JWT_SECRET, "alice", "app", List.of("samples"), Instant.now().minusSeconds(600));
    String roleless =
        token(JWT_SECRET, "alice", null, List.of("samples"), Instant.now().plusSeconds(300));
    for (String bad : List.of(forged, expired, roleless)) {
      HttpResponse<String> refused = sendBearer("POST", "/v1/retrieve", bad, "{\"query\":\"x\"}");
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.body()).contains("urn:rag:problem:unauthorized");
    }
  }

  private static String token(
      String secret, String subject, String role, List<String> collections, Instant expires)
      throws Exception {
    var claims =
        new JWTClaimsSet.Builder()
            .subject(subject)
            .claim("collections", collections)
            .expirationTime(Date.from(expires));
    if (role != null) {
      claims.claim("role", role);
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  private HttpResponse<String> sendBearer(String method, String path, String token, String body)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(String method, String path, String key, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (key != null) {
      request.header("X-API-Key", key);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static UpstreamStandIn start() {
    try {
      return new UpstreamStandIn();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot start the upstream stand-in", e);
    }
  }
}
