package dev.rag.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an {@code X-Request-Id} (the caller's, when it sent a sane one), forwards it
 * upstream and returns it, so one id the caller knows follows a question through every service log.
 *
 * <p>Trace context is Micrometer Tracing's: the server observation has already continued the
 * caller's {@code traceparent} (or started a trace) before this filter runs, and the proxy's client
 * observation sends its own. The caller's propagation headers ({@code propagationFields}) are
 * therefore not copied upstream, where they would name the caller's span as the parent and skip the
 * gateway's.
 */
public final class RequestIdFilter extends OncePerRequestFilter {

  public static final String REQUEST_ID = "X-Request-Id";

  /** Printable, no separators, bounded: a caller cannot inject log lines or huge headers. */
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private final List<String> propagationFields;

  public RequestIdFilter(List<String> propagationFields) {
    this.propagationFields = List.copyOf(propagationFields);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String requestId = request.getHeader(REQUEST_ID);
    if (requestId == null || !SANE_ID.matcher(requestId).matches()) {
      requestId = randomHex(16);
    }
    response.setHeader(REQUEST_ID, requestId);
    ForwardedRequest forwarded = ForwardedRequest.of(request).header(REQUEST_ID, requestId);
    propagationFields.forEach(forwarded::hide);
    MDC.put("requestId", requestId);
    try {
      chain.doFilter(forwarded, response);
    } finally {
      MDC.remove("requestId");
    }
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
