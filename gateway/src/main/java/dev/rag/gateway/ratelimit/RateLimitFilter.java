package dev.rag.gateway.ratelimit;

import dev.rag.contracts.problem.ProblemType;
import dev.rag.gateway.auth.AuthenticationFilter;
import dev.rag.gateway.auth.Caller;
import dev.rag.gateway.web.ProblemResponses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Takes one token per authenticated request from its key's bucket; refuses with 429, {@code
 * Retry-After} (whole seconds, rounded up, as RFC 9110 §10.2.3 allows only integers) and a problem
 * detail naming the wait in milliseconds. {@code X-RateLimit-Remaining} tells a well-behaved client
 * how close it is.
 */
public final class RateLimitFilter extends OncePerRequestFilter {

  private final TokenBucket bucket;
  private final Counter refused;

  public RateLimitFilter(TokenBucket bucket, MeterRegistry meters) {
    this.bucket = bucket;
    this.refused =
        Counter.builder("rag.gateway.rate.limited")
            .description("requests refused by the per-key rate limit")
            .register(meters);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Caller caller = AuthenticationFilter.caller(request).orElse(null);
    if (caller == null) {
      chain.doFilter(request, response);
      return;
    }
    TokenBucket.Decision decision = bucket.take(caller.keyId());
    response.setHeader("X-RateLimit-Remaining", Long.toString(decision.remaining()));
    if (decision.allowed()) {
      chain.doFilter(request, response);
      return;
    }
    refused.increment();
    long waitMillis = Math.max(1, decision.retryAfter().toMillis());
    response.setHeader("Retry-After", Long.toString((waitMillis + 999) / 1000));
    ProblemResponses.write(
        request,
        response,
        ProblemType.RATE_LIMITED,
        "the rate limit of key " + caller.keyId() + " is exhausted; retry in " + waitMillis + " ms",
        Map.of("retryAfterMillis", waitMillis));
  }
}
