package dev.rag.contracts.problem;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error meant for the client: rendered as a problem detail of {@link #type()} with this
 * exception's message as {@code detail}, plus any extension {@link #properties()}.
 */
public class ApiException extends RuntimeException {

  private final ProblemType type;
  private final Map<String, Object> properties = new LinkedHashMap<>();
  private Duration retryAfter;

  public ApiException(ProblemType type, String detail) {
    super(detail);
    this.type = type;
  }

  public ApiException(ProblemType type, String detail, Throwable cause) {
    super(detail, cause);
    this.type = type;
  }

  /** Adds an RFC 9457 extension member, e.g. the offending field or a limit. */
  public ApiException with(String name, Object value) {
    properties.put(name, value);
    return this;
  }

  /**
   * Marks the problem as temporary: the response carries {@code Retry-After} (whole seconds,
   * rounded up). A service that sheds load says so this way, and the gateway's circuit breaker does
   * not count such an answer as the service failing.
   */
  public ApiException retryAfter(Duration wait) {
    this.retryAfter = wait;
    return this;
  }

  /** The wait {@link #retryAfter(Duration)} set, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** {@code Retry-After} header value for a wait: whole seconds, rounded up, at least 1. */
  public static String retryAfterSeconds(Duration wait) {
    return Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000));
  }

  public ProblemType type() {
    return type;
  }

  public Map<String, Object> properties() {
    return Map.copyOf(properties);
  }

  public static ApiException notFound(String what, String id) {
    return new ApiException(ProblemType.NOT_FOUND, what + " '" + id + "' does not exist")
        .with("id", id);
  }

  public static ApiException invalid(String field, String problem) {
    return new ApiException(ProblemType.VALIDATION, field + ": " + problem).with("field", field);
  }
}
