package dev.rag.gateway.tenant;

import dev.rag.contracts.problem.ProblemType;
import dev.rag.gateway.auth.AuthenticationFilter;
import dev.rag.gateway.auth.Caller;
import dev.rag.gateway.routing.BodyScope;
import dev.rag.gateway.routing.RouteResolver;
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
 * Checks the collections a route's body names ({@link BodyScope}: retrieval, answers, chat
 * completions, a new collection) against the caller's key, and bounds every non-multipart body,
 * chunked or not.
 *
 * <p>The body is parsed once and the parsed tree is what goes upstream, so the service cannot read
 * a collection the gateway did not check (no parser differential, e.g. duplicate keys). Every name
 * in {@code collection} and {@code collections} must be granted (403 otherwise). When none is
 * named: retrieval gets all the key's collections; answers (one collection per request, in {@code
 * collection}) get the key's collection if it has exactly one, else a 400 asking to name one; a key
 * granted every collection leaves the service's default in place.
 */
public final class TenantScopeFilter extends OncePerRequestFilter {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final long maxJsonBody;

  /**
   * @param maxJsonBody largest non-multipart request body in bytes (uploads are limited by
   *     ingest-service)
   */
  public TenantScopeFilter(long maxJsonBody) {
    if (maxJsonBody < 1024) {
      throw new IllegalArgumentException("maxJsonBody must be >= 1024 bytes, was " + maxJsonBody);
    }
    this.maxJsonBody = maxJsonBody;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    BodyScope scope =
        RouteResolver.match(request).map(match -> match.route().body()).orElse(BodyScope.NONE);
    // Only the upload route streams its body through unread; on every other route the body is
    // bounded here and, where it names collections, read as JSON whatever its declared type.
    if (scope == BodyScope.UPLOAD || !hasBody(request)) {
      chain.doFilter(request, response);
      return;
    }
    if (request.getContentLengthLong() > maxJsonBody) {
      tooLarge(request, response);
      return;
    }
    // Read every non-multipart body here, bounded, whether or not it declared a length: a
    // chunked body must not slip past the limit on its way to a service.
    byte[] raw = readBounded(request.getInputStream());
    if (raw == null) {
      tooLarge(request, response);
      return;
    }
    Caller caller = AuthenticationFilter.caller(request).orElse(null);
    if (caller == null || scope == BodyScope.NONE) {
      chain.doFilter(ForwardedRequest.of(request).body(raw), response);
      return;
    }
    ObjectNode json;
    try {
      JsonNode parsed = JSON.readTree(raw);
      if (!(parsed instanceof ObjectNode object)) {
        ProblemResponses.write(
            request,
            response,
            ProblemType.MALFORMED_REQUEST,
            "the request body must be a JSON object");
        return;
      }
      json = object;
    } catch (JacksonException e) {
      ProblemResponses.write(
          request,
          response,
          ProblemType.MALFORMED_REQUEST,
          "malformed JSON: " + e.getOriginalMessage());
      return;
    }
    List<String> named;
    try {
      named = scope == BodyScope.NEW_COLLECTION ? newCollection(json) : namedCollections(json);
    } catch (IllegalArgumentException e) {
      ProblemResponses.write(
          request,
          response,
          ProblemType.VALIDATION,
          e.getMessage(),
          Map.of("field", e.getMessage().substring(0, e.getMessage().indexOf(':'))));
      return;
    }
    for (String collection : named) {
      if (!caller.mayUse(collection)) {
        ProblemResponses.write(
            request,
            response,
            ProblemType.FORBIDDEN,
            "the key " + caller.keyId() + " may not use collection '" + collection + "'",
            Map.of("collection", collection));
        return;
      }
    }
    List<String> effective =
        switch (scope) {
          case RETRIEVAL -> retrievalScope(json, named, caller);
          case ANSWER -> answerScope(json, named, caller);
          default -> named;
        };
    if (effective == null) {
      ProblemResponses.write(
          request,
          response,
          ProblemType.VALIDATION,
          "collection: name one collection; this request or key allows several: "
              + String.join(", ", named.isEmpty() ? List.copyOf(caller.collections()) : named),
          Map.of("field", "collection"));
      return;
    }
    request.setAttribute(ScopedBody.ATTRIBUTE, new ScopedBody(json, effective));
    chain.doFilter(ForwardedRequest.of(request).body(JSON.writeValueAsBytes(json)), response);
  }

  private static boolean hasBody(HttpServletRequest request) {
    return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
  }

  /** The {@code name} of a collection being created: it must be one the key may use. */
  private static List<String> newCollection(ObjectNode json) {
    JsonNode name = json.get("name");
    if (name == null || name.isNull()) {
      return List.of();
    }
    if (!name.isString()) {
      throw new IllegalArgumentException("name: must be a string");
    }
    return List.of(name.asString());
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
   * Answers search exactly one collection, the one in {@code collection} (generation-service reads
   * no other field). A single name in {@code collections}, or the key's only collection, is moved
   * there, so the service can never fall back to its default collection for a key limited to
   * others. Returns the searched collection, empty for the service's default (keys granted
   * everything), or null when the choice is ambiguous.
   */
  private static List<String> answerScope(ObjectNode json, List<String> named, Caller caller) {
    JsonNode single = json.get("collection");
    json.remove("collections");
    if (single != null && !single.isNull()) {
      return List.of(single.asString());
    }
    List<String> candidates =
        !named.isEmpty()
            ? named
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
      if (!single.isString()) {
        throw new IllegalArgumentException("collection: must be a string (one collection name)");
      }
      names.add(single.asString());
    }
    JsonNode several = json.get("collections");
    if (several != null && !several.isNull()) {
      if (!several.isArray()) {
        throw new IllegalArgumentException("collections: must be an array of collection names");
      }
      for (JsonNode node : several) {
        if (!node.isString()) {
          throw new IllegalArgumentException("collections: every element must be a string");
        }
        names.add(node.asString());
      }
    }
    return List.copyOf(names);
  }

  private byte[] readBounded(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxJsonBody + 1));
    return bytes.length > maxJsonBody ? null : bytes;
  }

  private void tooLarge(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    ProblemResponses.write(
        request,
        response,
        ProblemType.PAYLOAD_TOO_LARGE,
        "JSON request bodies are limited to " + maxJsonBody + " bytes",
        Map.of("limit", maxJsonBody));
  }
}
