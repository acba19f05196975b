package dev.rag.gateway.tenant;

import dev.rag.contracts.problem.ProblemType;
import dev.rag.gateway.auth.AuthenticationFilter;
import dev.rag.gateway.auth.Caller;
import dev.rag.gateway.web.ForwardedRequest;
import dev.rag.gateway.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks the collections of {@code /v1/retrieve}, {@code /v1/answers} and
 * {@code /v1/chat/completions} against the caller's key, and bounds JSON bodies.
 *
 * <p>The body is parsed once and the parsed tree is what goes upstream, so the service cannot
 * read a collection the gateway did not check (no parser differential, e.g. duplicate keys).
 * Every name in {@code collection} and {@code collections} must be granted (403 otherwise).
 * When none is named: retrieval gets all the key's collections; answers (one collection per
 * request, in {@code collection}) get the key's collection if it has exactly one, else a 400
 * asking to name one; a key granted every collection leaves the service's default in place.
 */
public final class TenantScopeFilter extends OncePerRequestFilter {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> SCOPED_PATHS = Set.of("/v1/retrieve", "/v1/answers", "/v1/chat/completions");

  private final long maxJsonBody;

  /** @param maxJsonBody largest JSON request body in bytes (multipart uploads are not limited here) */
  public TenantScopeFilter(long maxJsonBody) {
    if (maxJsonBody < 1024) {
      throw new IllegalArgumentException("maxJsonBody must be >= 1024 bytes, was " + maxJsonBody);
    }
    this.maxJsonBody = maxJsonBody;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String contentType = request.getContentType();
    boolean multipart = contentType != null && contentType.toLowerCase().startsWith("multipart/");
    if (!multipart && request.getContentLengthLong() > maxJsonBody) {
      tooLarge(request, response);
      return;
    }
    Caller caller = AuthenticationFilter.caller(request).orElse(null);
    if (caller == null || !"POST".equals(request.getMethod()) || !SCOPED_PATHS.contains(request.getRequestURI())) {
      chain.doFilter(request, response);
      return;
    }
    byte[] raw = readBounded(request.getInputStream());
    if (raw == null) {
      tooLarge(request, response);
      return;
    }
    ObjectNode json;
    try {
      JsonNode parsed = JSON.readTree(raw);
      if (!(parsed instanceof ObjectNode object)) {
        ProblemResponses.write(request, response, ProblemType.MALFORMED_REQUEST, "the request body must be a JSON object");
        return;
      }
      json = object;
    } catch (JacksonException e) {
      ProblemResponses.write(request, response, ProblemType.MALFORMED_REQUEST,
          "malformed JSON: " + e.getOriginalMessage());
      return;
    }
    List<String> named = namedCollections(json);
    for (String collection : named) {
      if (!caller.mayUse(collection)) {
        ProblemResponses.write(request, response, ProblemType.FORBIDDEN,
            "the key " + caller.keyId() + " may not use collection '" + collection + "'",
            Map.of("collection", collection));
        return;
      }
    }
    List<String> effective = request.getRequestURI().equals("/v1/retrieve")
        ? retrievalScope(json, named, caller)
        : answerScope(json, named, caller);
    if (effective == null) {
      ProblemResponses.write(request, response, ProblemType.VALIDATION,
          "collection: name one collection; this request or key allows several: "
              + String.join(", ", named.isEmpty() ? List.copyOf(caller.collections()) : named),
          Map.of("field", "collection"));
      return;
    }
    request.setAttribute(ScopedBody.ATTRIBUTE, new ScopedBody(json, effective));
    chain.doFilter(ForwardedRequest.of(request).body(JSON.writeValueAsBytes(json)), response);
  }

  /** Retrieval searches every named collection; none named means all of the key's. */
  private static List<String> retrievalScope(ObjectNode json, List<String> named, Caller caller) {
    if (!named.isEmpty() || caller.allCollections()) {
      return named;
    }
    List<String> granted = List.copyOf(caller.collections());
    ArrayNode array = json.putArray("collections");
    granted.forEach(array::add);
    return granted;
  }

  /**
   * Answers search exactly one collection, the one in {@code collection} (generation-service
   * reads no other field). A single name in {@code collections}, or the key's only collection,
   * is moved there, so the service can never fall back to its default collection for a key
   * limited to others. Returns the searched collection, empty for the service's default (keys
   * granted everything), or null when the choice is ambiguous.
   */
  private static List<String> answerScope(ObjectNode json, List<String> named, Caller caller) {
    JsonNode single = json.get("collection");
    json.remove("collections");
    if (single != null && !single.isNull()) {
      return List.of(single.asString());
    }
    List<String> candidates = !named.isEmpty() ? named
        : caller.allCollections() ? List.of() : List.copyOf(caller.collections());
    if (candidates.size() > 1) {
      return null;
    }
    if (candidates.size() == 1) {
      json.put("collection", candidates.getFirst());
    }
    return candidates;
  }

  /** Names in {@code collection} and {@code collections}, in order, without duplicates. */
  static List<String> namedCollections(ObjectNode json) {
    Set<String> names = new LinkedHashSet<>();
    JsonNode single = json.get("collection");
    if (single != null && !single.isNull()) {
      names.add(single.asString());
    }
    JsonNode several = json.get("collections");
    if (several != null && several.isArray()) {
      several.forEach(node -> names.add(node.asString()));
    } else if (several != null && !several.isNull()) {
      names.add(several.asString());
    }
    return List.copyOf(names);
  }

  private byte[] readBounded(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxJsonBody + 1));
    return bytes.length > maxJsonBody ? null : bytes;
  }

  private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
    ProblemResponses.write(request, response, ProblemType.PAYLOAD_TOO_LARGE,
        "JSON request bodies are limited to " + maxJsonBody + " bytes", Map.of("limit", maxJsonBody));
  }
}
