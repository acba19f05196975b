package dev.rag.gateway.routing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One operation the gateway serves: method, path template ({@code {name}} matches one segment, a
 * final {@code **} any remaining segments), who may call it, which service answers it ({@code
 * gateway} for the gateway's own endpoints) and which collections its body names.
 */
public record Route(
    String method, String template, Access access, String upstream, BodyScope body) {

  /** The service name of the gateway's own endpoints (key management, documents, probes). */
  public static final String LOCAL = "gateway";

  public Route {
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("a route template starts with '/': " + template);
    }
  }

  List<String> parts() {
    return template.equals("/") ? List.of() : List.of(template.substring(1).split("/"));
  }

  /**
   * The template's variables bound to {@code segments}, or empty when the path is another route's.
   */
  Optional<Map<String, String>> match(List<String> segments) {
    List<String> parts = parts();
    Map<String, String> variables = new LinkedHashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      if (part.equals("**") && i == parts.size() - 1) {
        return Optional.of(variables);
      }
      if (i >= segments.size()) {
        return Optional.empty();
      }
      if (part.startsWith("{") && part.endsWith("}")) {
        variables.put(part.substring(1, part.length() - 1), segments.get(i));
      } else if (!part.equals(segments.get(i))) {
        return Optional.empty();
      }
    }
    return segments.size() == parts.size() ? Optional.of(variables) : Optional.empty();
  }

  /** Whether {@code requestMethod} calls this route; HEAD calls a GET route. */
  boolean accepts(String requestMethod) {
    return method.equals(requestMethod) || (method.equals("GET") && "HEAD".equals(requestMethod));
  }
}
