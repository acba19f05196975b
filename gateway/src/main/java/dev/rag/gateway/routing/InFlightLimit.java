package dev.rag.gateway.routing;

import dev.rag.contracts.problem.ProblemType;
import dev.rag.gateway.web.ProblemResponses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * At most {@code rag.gateway.max-in-flight} requests to each service at once. Over that the gateway
 * sheds at once with 503 {@code upstream-unavailable} and {@code Retry-After: 1} instead of letting
 * requests queue (the gateway runs on virtual threads, so nothing else bounds them) until they time
 * out: under twice the load a service can take, callers are told to come back while the ones
 * admitted still get answers in time. Answers served from the cache never reach this filter.
 * Counted in {@code rag_gateway_shed_total{route}}.
 */
public final class InFlightLimit extends OncePerRequestFilter {

  private final int limit;
  private final Map<String, Semaphore> permits = new TreeMap<>();
  private final Map<String, Counter> shed = new TreeMap<>();

  public InFlightLimit(int limit, Collection<String> upstreams, MeterRegistry meters) {
    this.limit = limit;
    for (String upstream : upstreams) {
      permits.put(upstream, new Semaphore(limit));
      shed.put(
          upstream,
          Counter.builder("rag.gateway.shed")
              .description("requests refused because the service had max-in-flight requests")
              .tag("route", upstream)
              .register(meters));
    }
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String route = RouteResolver.match(request).map(match -> match.route().upstream()).orElse(null);
    Semaphore inFlight = route == null ? null : permits.get(route);
    if (inFlight == null) {
      chain.doFilter(request, response);
      return;
    }
    if (!inFlight.tryAcquire()) {
      shed.get(route).increment();
      response.setHeader("Retry-After", "1");
      ProblemResponses.write(
          request,
          response,
          ProblemType.UPSTREAM_UNAVAILABLE,
          "the " + route + " service has " + limit + " requests in flight; retry in a second",
          Map.of("route", route, "limit", limit));
      return;
    }
    try {
      chain.doFilter(request, response);
    } finally {
      inFlight.release();
    }
  }
}
