package dev.rag.contracts.problem;

import java.net.URI;

/**
 * Every kind of error a client can see, each with a stable {@code type} URI (RFC 9457 §3.1.1) that
 * clients may switch on. Titles are fixed per type; details vary per occurrence.
 */
public enum ProblemType {
  VALIDATION("validation", 400, "Invalid request"),
  MALFORMED_REQUEST("malformed-request", 400, "Malformed request body"),
  UNAUTHORIZED("unauthorized", 401, "Authentication required"),
  FORBIDDEN("forbidden", 403, "Not allowed"),
  NOT_FOUND("not-found", 404, "Not found"),
  METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
  NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable"),
  CONFLICT("conflict", 409, "Conflict"),
  PAYLOAD_TOO_LARGE("payload-too-large", 413, "Payload too large"),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
  UNPROCESSABLE_CONTENT("unprocessable-content", 422, "Content cannot be processed"),
  RATE_LIMITED("rate-limited", 429, "Too many requests"),
  INTERNAL("internal", 500, "Internal error"),
  UPSTREAM_UNAVAILABLE("upstream-unavailable", 503, "A dependency is unavailable"),
  UPSTREAM_TIMEOUT("upstream-timeout", 504, "A dependency timed out");

  /** All type URIs share this prefix; the suffix is the type's slug. */
  public static final String URI_PREFIX = "urn:rag:problem:";

  private final String slug;
  private final int status;
  private final String title;

  ProblemType(String slug, int status, String title) {
    this.slug = slug;
    this.status = status;
    this.title = title;
  }

  public URI uri() {
    return URI.create(URI_PREFIX + slug);
  }

  public String slug() {
    return slug;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** The type a framework-generated error of this HTTP status maps to. */
  public static ProblemType forStatus(int status) {
    for (ProblemType type : values()) {
      if (type.status == status && type != MALFORMED_REQUEST) {
        return type;
      }
    }
    return status >= 500 ? INTERNAL : VALIDATION;
  }
}
