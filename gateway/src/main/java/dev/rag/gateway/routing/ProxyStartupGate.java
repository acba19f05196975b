package dev.rag.gateway.routing;

import dev.rag.contracts.problem.ProblemType;
import dev.rag.gateway.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds proxied requests back with a 503 {@code upstream-unavailable} and {@code Retry-After: 1}
 * until the application is ready. Tomcat accepts connections before the context's refresh event has
 * reached every listener, and Spring Cloud Gateway's proxy reads its header filters in such a
 * listener: a request in that window went out with the request's own read-only headers and failed
 * with a 500 ({@code UnsupportedOperationException} from {@code ReadOnlyHttpHeaders.remove}), seen
 * right after a restart under load. The gateway's own endpoints (health, keys) are not held.
 */
public final class ProxyStartupGate extends OncePerRequestFilter
    implements ApplicationListener<ApplicationReadyEvent> {

  private volatile boolean ready;

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    ready = true;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String upstream =
        ready
            ? null
            : RouteResolver.match(request)
                .map(match -> match.route().upstream())
                .filter(name -> !name.equals(Route.LOCAL))
                .orElse(null);
    if (upstream == null) {
      chain.doFilter(request, response);
      return;
    }
    response.setHeader("Retry-After", "1");
    ProblemResponses.write(
        request,
        response,
        ProblemType.UPSTREAM_UNAVAILABLE,
        "the gateway is starting; try again in a moment",
        Map.of("route", upstream));
  }
}
