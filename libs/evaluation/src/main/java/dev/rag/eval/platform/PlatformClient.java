package dev.rag.eval.platform;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rag.contracts.rerank.RerankRequest;
import dev.rag.contracts.rerank.RerankResponse;
import dev.rag.contracts.retrieval.RetrieveRequest;
import dev.rag.contracts.retrieval.RetrieveResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP client of the gateway. Thread-safe (one {@link HttpClient} shared by the query pool). Sends
 * {@code Authorization: Bearer} when an API key is given, as {@code rag ingest} does.
 */
public final class PlatformClient {

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .changeDefaultPropertyInclusion(
              incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
          .build();

  private final URI base;
  private final String apiKey;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param base the gateway, e.g. {@code http://127.0.0.1:8080}
   * @param apiKey bearer token, or null
   * @param timeout per request, 1 s .. 1 h
   */
  public PlatformClient(URI base, String apiKey, Duration timeout) {
    if (base == null || base.getScheme() == null || !base.getScheme().startsWith("http")) {
      throw new IllegalArgumentException("base must be an http(s) URL, was " + base);
    }
    if (timeout == null || timeout.toMillis() < 1000 || timeout.toHours() > 1) {
      throw new IllegalArgumentException("timeout must be in [1 s, 1 h], was " + timeout);
    }
    String url = base.toString();
    this.base = URI.create(url.endsWith("/") ? url : url + "/");
    this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  public URI base() {
    return base;
  }

  /** {@code POST /v1/retrieve}. */
  public RetrieveResponse retrieve(RetrieveRequest request) throws PlatformException {
    HttpResponse<byte[]> response = send(post("v1/retrieve", request));
    return parse(response, RetrieveResponse.class, "v1/retrieve");
  }

  /**
   * {@code POST /v1/answers} of {@code question} in {@code collection}: the answer's JSON as it
   * came (the evaluation reads only some of its fields, and older platforms lack some).
   */
  public JsonNode answer(String question, String collection) throws PlatformException {
    return answer(question, collection, null);
  }

  /**
   * {@code POST /v1/answers} with the query expansions to run ({@code expansions}, e.g. {@code
   * ["hyde"]}; null: not sent, the platform's configured ones apply).
   */
  public JsonNode answer(String question, String collection, List<String> expansions)
      throws PlatformException {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("question", question);
    body.put("collection", collection);
    if (expansions != null) {
      body.put("expansions", expansions);
    }
    HttpResponse<byte[]> response = send(post("v1/answers", body));
    return parse(response, JsonNode.class, "v1/answers");
  }

  /**
   * {@code POST /v1/rerank} of {@code documents} for {@code query}, keeping the best {@code topN}.
   */
  public RerankResult rerank(String query, List<String> documents, int topN)
      throws PlatformException {
    RerankResponse answer =
        parse(
            send(post("v1/rerank", RerankRequest.of(query, documents, topN))),
            RerankResponse.class,
            "v1/rerank");
    List<Integer> order = new ArrayList<>();
    for (RerankResponse.Result result :
        answer.results() == null ? List.<RerankResponse.Result>of() : answer.results()) {
      int index = result.index();
      if (index < 0 || index >= documents.size()) {
        throw new PlatformException(
            200,
            "v1/rerank returned index " + index + " for " + documents.size() + " documents",
            null);
      }
      order.add(index);
    }
    return new RerankResult(
        answer.model() == null ? "unknown" : answer.model(), answer.reranked(), order);
  }

  /**
   * The documents of a collection as ingest-service's registry lists them; empty when the
   * collection does not exist (404).
   */
  public Optional<List<DocumentStatus>> documents(String collection) throws PlatformException {
    String base =
        "v1/collections/"
            + URLEncoder.encode(collection, StandardCharsets.UTF_8)
            + "/documents?size=500";
    List<DocumentStatus> documents = new ArrayList<>();
    String cursor = null;
    do {
      // The list is paged: follow each page's "next" cursor to the end.
      String path =
          cursor == null
              ? base
              : base + "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
      HttpResponse<byte[]> response = send(request(path).GET().build(), 404);
      if (response.statusCode() == 404) {
        return Optional.empty();
      }
      JsonNode page = parse(response, JsonNode.class, path);
      for (JsonNode document : page.path("items")) {
        documents.add(
            new DocumentStatus(document.path("id").asString(), document.path("status").asString()));
      }
      JsonNode next = page.path("next");
      cursor = next.isString() ? next.asString() : null;
    } while (cursor != null);
    return Optional.of(documents);
  }

  private HttpRequest post(String path, Object body) {
    return request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
        .build();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(timeout)
            .header("Accept", "application/json");
    if (apiKey != null) {
      builder.header("Authorization", "Bearer " + apiKey);
    }
    return builder;
  }

  /** How often a rate-limited (429) request is tried again before it counts as failed. */
  static final int RATE_LIMIT_RETRIES = 20;

  /**
   * Sends; any status outside 2xx (and {@code alsoAccepted}) is a {@link PlatformException}. A 429
   * is retried after the gateway's {@code Retry-After} (the evaluation is a long burst against a
   * per-key token bucket; backing off is what a well-behaved client does), at most {@link
   * #RATE_LIMIT_RETRIES} times.
   */
  private HttpResponse<byte[]> send(HttpRequest request, int... alsoAccepted)
      throws PlatformException {
    HttpResponse<byte[]> response = sendOnce(request);
    for (int attempt = 0; response.statusCode() == 429 && attempt < RATE_LIMIT_RETRIES; attempt++) {
      long waitMs =
          response
              .headers()
              .firstValue("Retry-After")
              .map(seconds -> (long) (Double.parseDouble(seconds) * 1000))
              .orElse(1000L);
      try {
        Thread.sleep(Math.max(50, Math.min(waitMs, 10_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PlatformException(0, "interrupted", e);
      }
      response = sendOnce(request);
    }
    return check(request, response, alsoAccepted);
  }

  private HttpResponse<byte[]> sendOnce(HttpRequest request) throws PlatformException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new PlatformException(
          0,
          request.method()
              + " "
              + request.uri()
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + " (is the platform up at "
              + base
              + "?)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlatformException(0, "interrupted", e);
    }
  }

  private HttpResponse<byte[]> check(
      HttpRequest request, HttpResponse<byte[]> response, int... alsoAccepted)
      throws PlatformException {
    int status = response.statusCode();
    for (int accepted : alsoAccepted) {
      if (status == accepted) {
        return response;
      }
    }
    if (status / 100 != 2) {
      throw new PlatformException(
          status,
          request.method() + " " + request.uri().getPath() + ": " + problem(response.body()),
          null);
    }
    return response;
  }

  /** The problem detail's title and detail (RFC 9457), else the start of the body. */
  static String problem(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    try {
      JsonNode node = JSON.readTree(text);
      if (node != null && node.isObject() && (node.has("title") || node.has("detail"))) {
        String title = node.path("title").asString("");
        String detail = node.path("detail").asString("");
        return detail.isEmpty() ? title : title.isEmpty() ? detail : title + " — " + detail;
      }
    } catch (JacksonException notJson) {
      // fall through to the raw body
    }
    String compact = text.strip().replaceAll("\\s+", " ");
    return compact.isEmpty()
        ? "(empty body)"
        : compact.substring(0, Math.min(200, compact.length()));
  }

  private static <T> T parse(HttpResponse<byte[]> response, Class<T> type, String what)
      throws PlatformException {
    try {
      return JSON.readValue(response.body(), type);
    } catch (JacksonException e) {
      throw new PlatformException(
          response.statusCode(),
          what + " answered JSON this client cannot read: " + e.getOriginalMessage(),
          e);
    }
  }
}
