package dev.rag.generation.retrieval;

import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.problem.ProblemType;
import dev.rag.contracts.retrieval.RetrieveRequest;
import dev.rag.contracts.retrieval.RetrieveResponse;
import dev.rag.generation.config.GenerationProperties;
import dev.rag.support.client.ServiceClients;
import dev.rag.support.security.ServiceToken;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls {@code POST /v1/retrieve}. A 404 (unknown collection) or 400 from retrieval-service is the
 * client's error and passes through as the same problem type and detail; it does not count against
 * the circuit. Refused connections, 5xx answers and an open circuit become {@code
 * upstream-unavailable} (503), an expired timeout {@code upstream-timeout} (504).
 */
@Component
public class RetrievalClient {

  private static final Logger log = LoggerFactory.getLogger(RetrievalClient.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final RestClient http;
  private final CircuitBreaker breaker;

  public RetrievalClient(
      GenerationProperties properties,
      CircuitBreakerRegistry breakers,
      ServiceToken token,
      ObservationRegistry observations) {
    this.http =
        ServiceClients.create(
            RestClient.builder().observationRegistry(observations),
            properties.retrievalUrl(),
            properties.retrievalTimeout(),
            token);
    this.breaker = breakers.circuitBreaker("retrieval");
  }

  /** Retrieves candidates, or throws an {@link ApiException} that says why there are none. */
  public RetrieveResponse retrieve(RetrieveRequest request) {
    Outcome outcome;
    try {
      outcome = breaker.executeSupplier(() -> call(request));
    } catch (CallNotPermittedException e) {
      throw new ApiException(
              ProblemType.UPSTREAM_UNAVAILABLE,
              "retrieval-service is failing; its circuit is open, retry in a few seconds")
          .with("upstream", "retrieval-service");
    } catch (ResourceAccessException e) {
      boolean timeout =
          hasCause(e, HttpTimeoutException.class)
              || hasCause(e, java.net.SocketTimeoutException.class)
              || String.valueOf(e.getMessage())
                  .toLowerCase(java.util.Locale.ROOT)
                  .contains("timed out");
      log.warn("retrieval failed: {}", e.toString());
      throw new ApiException(
              timeout ? ProblemType.UPSTREAM_TIMEOUT : ProblemType.UPSTREAM_UNAVAILABLE,
              timeout
                  ? "retrieval-service did not answer in time"
                  : "retrieval-service is unreachable",
              e)
          .with("upstream", "retrieval-service");
    } catch (UpstreamFailure e) {
      throw new ApiException(ProblemType.UPSTREAM_UNAVAILABLE, e.getMessage())
          .with("upstream", "retrieval-service");
    }
    if (outcome.problem() != null) {
      throw outcome.problem();
    }
    return outcome.response();
  }

  private Outcome call(RetrieveRequest request) {
    return http.post()
        .uri("/v1/retrieve")
        .body(request)
        .exchange(
            (req, res) -> {
              int status = res.getStatusCode().value();
              byte[] body = res.getBody().readAllBytes();
              if (status == 200) {
                return new Outcome(JSON.readValue(body, RetrieveResponse.class), null);
              }
              if (status == 404 || status == 400 || status == 413) {
                return new Outcome(null, passThrough(status, body));
              }
              String retryAfter = res.getHeaders().getFirst("Retry-After");
              if (status == 503 && retryAfter != null) {
                // retrieval-service shedding load: pass its answer on, not a failure of it.
                return new Outcome(null, passThrough(status, body).retryAfter(seconds(retryAfter)));
              }
              throw new UpstreamFailure(
                  "retrieval-service answered "
                      + status
                      + ": "
                      + new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8));
            },
            true);
  }

  /** The caller's own mistake, reported by retrieval-service, returned with its type and detail. */
  private static ApiException passThrough(int status, byte[] body) {
    ProblemType type = ProblemType.forStatus(status);
    String detail = "retrieval-service refused the request (" + status + ")";
    try {
      Map<?, ?> problem = JSON.readValue(body, Map.class);
      if (problem.get("type") instanceof String uri && uri.startsWith(ProblemType.URI_PREFIX)) {
        for (ProblemType candidate : ProblemType.values()) {
          if (candidate.uri().toString().equals(uri)) {
            type = candidate;
          }
        }
      }
      if (problem.get("detail") instanceof String text) {
        detail = text;
      }
    } catch (RuntimeException e) {
      // Not a problem document: keep the status-derived type and a generic detail.
    }
    return new ApiException(type, detail);
  }

  private static Duration seconds(String retryAfter) {
    try {
      return Duration.ofSeconds(Math.max(1, Long.parseLong(retryAfter.strip())));
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(1); // an HTTP date: not sent by our services
    }
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** A 2xx body or the client's error; a transport failure is an exception instead. */
  private record Outcome(RetrieveResponse response, ApiException problem) {}

  /** An answer from retrieval-service that counts against its circuit. */
  private static final class UpstreamFailure extends RuntimeException {
    UpstreamFailure(String message) {
      super(message);
    }
  }
}
