package dev.rag.gateway.cache;

import dev.rag.gateway.routing.RouteMatch;
import dev.rag.gateway.routing.RouteResolver;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a collection's cached answers when {@code DELETE /v1/collections/{collection}} passes
 * through the gateway and ingest-service accepts it (2xx). The index events of the deletion would
 * end them too, but only once every document's tombstone has travelled through both indexes; until
 * then a cached answer could still cite what the caller just deleted. Runs after authentication and
 * the tenant check, so only a delete the caller was allowed to make invalidates anything.
 */
public final class CollectionDeletionFilter extends OncePerRequestFilter {

  static final String TEMPLATE = "/v1/collections/{collection}";

  private static final Logger log = LoggerFactory.getLogger(CollectionDeletionFilter.class);

  private final AnswerCache cache;

  public CollectionDeletionFilter(AnswerCache cache) {
    this.cache = cache;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"DELETE".equals(request.getMethod())
        || RouteResolver.match(request)
            .map(match -> !match.route().template().equals(TEMPLATE))
            .orElse(true);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    chain.doFilter(request, response);
    int status = response.getStatus();
    Optional<String> collection = RouteResolver.match(request).map(RouteMatch::collection);
    if (status < 200 || status >= 300 || collection.isEmpty()) {
      return;
    }
    try {
      cache.invalidate(collection.get());
    } catch (RuntimeException e) {
      // The deletion's index events still end the entries, a little later.
      log.warn(
          "could not invalidate cached answers of deleted collection {}: {}",
          collection.get(),
          e.toString());
    }
  }
}
