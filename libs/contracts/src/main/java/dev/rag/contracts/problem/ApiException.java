package dev.rag.contracts.problem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error meant for the client: rendered as a problem detail of {@link #type()} with this
 * exception's message as {@code detail}, plus any extension {@link #properties()}.
 */
public class ApiException extends RuntimeException {

  private final ProblemType type;
  private final Map<String, Object> properties = new LinkedHashMap<>();

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
