package dev.rag.gateway.tenant;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON request body after the tenant check, exactly as it is forwarded.
 *
 * @param json the body (collections filled in where the caller named none)
 * @param collections the collections the request will search; empty when the upstream's own default
 *     applies (only for keys granted every collection)
 */
public record ScopedBody(ObjectNode json, List<String> collections) {

  static final String ATTRIBUTE = ScopedBody.class.getName();

  public ScopedBody {
    collections = List.copyOf(collections);
  }

  public static Optional<ScopedBody> of(HttpServletRequest request) {
    return Optional.ofNullable((ScopedBody) request.getAttribute(ATTRIBUTE));
  }
}
