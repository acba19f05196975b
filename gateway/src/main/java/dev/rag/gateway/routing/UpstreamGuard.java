package dev.rag.gateway.routing;

import dev.rag.contracts.problem.ProblemType;
import dev.rag.gateway.web.ProblemResponses;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A Resilience4j circuit breaker per upstream route ({@code ingest}, {@code embedding}, {@code
 * retrieval}, {@code rerank}, {@code generation}; settings under {@code
 * resilience4j.circuitbreaker.instances.<route>}). A 5xx answer or a failed call counts as a
 * failure, except a 503 with {@code Retry-After} (the service shedding load at capacity), which
 * counts as neither; while a breaker is open, calls to its route fail at once with a 503 {@code
 * upstream-unavailable} problem and {@code Retry-After}, instead of piling up on a dead service.
 * Client errors (4xx) are the caller's fault and count as successes.
 */
public final class UpstreamGuard extends OncePerRequestFilter {

  private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();

  /**
   * @param upstreams the services behind the gateway, e.g. {@code generation}: one breaker each
   */
  public UpstreamGuard(CircuitBreakerRegistry registry, Collection<String> upstreams) {
    for (String upstream : upstreams) {
      breakers.computeIfAbsent(upstream, registry::circuitBreaker);
    }
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String route = RouteResolver.match(request).map(match -> match.route().upstream()).orElse(null);
    if (route == null || !breakers.containsKey(route)) {
      chain.doFilter(request, response);
      return;
    }
    CircuitBreaker breaker = breakers.get(route);
    try {
      breaker.acquirePermission();
    } catch (CallNotPermittedException open) {
      long waitSeconds =
          Math.max(
              1,
              breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1)
                  / 1000);
      response.setHeader("Retry-After", Long.toString(waitSeconds));
      ProblemResponses.write(
          request,
          response,
          ProblemType.UPSTREAM_UNAVAILABLE,
          "the " + route + " service is failing; the gateway stopped calling it for a while",
          Map.of("route", route, "circuit", breaker.getState().name().toLowerCase()));
      return;
    }
    long start = breaker.getCurrentTimestamp();
    try {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException e) {
      breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
      throw e;
    }
    long elapsed = breaker.getCurrentTimestamp() - start;
    if (response.getStatus() == 503 && response.getHeader("Retry-After") != null) {
      // The service answered that it is at capacity: alive, shedding load. Counting that as a
      // failure would open the circuit and refuse all traffic, the share it can still serve too.
      breaker.releasePermission();
    } else if (response.getStatus() >= 500) {
      breaker.onError(
          elapsed,
          breaker.getTimestampUnit(),
          new IOException(route + " answered " + response.getStatus()));
    } else {
      breaker.onSuccess(elapsed, breaker.getTimestampUnit());
    }
  }
}
