package dev.rag.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.gateway.auth.ApiKeySecrets;
import dev.rag.testing.Infrastructure;
import dev.rag.testing.ServiceContractTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The embedded default ({@code ./rag up}): keys in a file under the state directory, the
 * bootstrap admin key written for the operator, rate limits and answer cache in process.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("embedded")
class GatewayApplicationTest extends ServiceContractTest {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final Path STATE = Path.of("target/embedded-state-" + RUN).toAbsolutePath();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final UpstreamStandIn UPSTREAM = start();

  @DynamicPropertySource
  static void embedded(DynamicPropertyRegistry registry) {
    Infrastructure.registerKafka(registry);
    registry.add("rag.state-dir", STATE::toString);
    registry.add("rag.gateway.index-events.topic", () -> "gateway-test.embedded." + RUN);
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

  @Test
  void writesABootstrapAdminKeyOnlyItsOwnerCanRead() throws Exception {
    Path file = STATE.resolve("gateway/bootstrap-admin.key");
    assertThat(file).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    String secret = Files.readString(file).strip();
    assertThat(secret).startsWith("rag_");
    String stored = Files.readString(STATE.resolve("gateway/api-keys.json"));
    assertThat(stored).contains(ApiKeySecrets.hash(secret)).doesNotContain(secret).contains("\"ADMIN\"");
  }

  @Test
  void theBootstrapKeyAdministersAndNoKeyIsRefused() throws Exception {
    String admin = Files.readString(STATE.resolve("gateway/bootstrap-admin.key")).strip();
    assertThat(send("POST", "/v1/collections/samples/documents", null, "{}").statusCode()).isEqualTo(401);
    HttpResponse<String> upload = send("POST", "/v1/collections/samples/documents", admin, "{}");
    assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
    assertThat(send("GET", "/v1/admin/keys", admin, null).body()).contains("bootstrap admin");
  }

  @Test
  void answersAreCachedInProcess() throws Exception {
    String admin = Files.readString(STATE.resolve("gateway/bootstrap-admin.key")).strip();
    String body = "{\"question\":\"What is the embedded cache " + RUN + "?\",\"collection\":\"samples\"}";
    for (int i = 0; i < 50 && !send("POST", "/v1/answers", admin, body).headers().firstValue("X-Cache").orElse("")
        .startsWith("hit"); i++) {
      Thread.sleep(100);  // the first answers pass while the (empty) index-event topic is read
    }
    HttpResponse<String> first = send("POST", "/v1/answers", admin, body);
    HttpResponse<String> again = send("POST", "/v1/answers", admin, body);
    assertThat(first.headers().firstValue("X-Cache")).hasValue("hit-exact");
    assertThat(again.headers().firstValue("X-Cache")).hasValue("hit-exact");
    assertThat(again.body()).isEqualTo(first.body()).contains("from samples");
  }

  private HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
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
