package dev.rag.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an {@code X-Request-Id} (the caller's, when it sent a sane one) and a W3C
 * {@code traceparent} (the caller's, when valid; otherwise a new sampled trace), forwards both
 * upstream and returns the request id, so one id follows a question through every service log.
 */
public final class RequestIdFilter extends OncePerRequestFilter {

  public static final String REQUEST_ID = "X-Request-Id";
  public static final String TRACEPARENT = "traceparent";

  /** Printable, no separators, bounded: a caller cannot inject log lines or huge headers. */
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  /** W3C Trace Context §3.2: version 00, 16-byte trace id, 8-byte parent id, flags. */
  private static final Pattern TRACEPARENT_FORMAT =
      Pattern.compile("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String requestId = request.getHeader(REQUEST_ID);
    if (requestId == null || !SANE_ID.matcher(requestId).matches()) {
      requestId = randomHex(16);
    }
    String traceparent = request.getHeader(TRACEPARENT);
    if (traceparent == null || !TRACEPARENT_FORMAT.matcher(traceparent).matches()) {
      traceparent = "00-" + randomHex(16) + "-" + randomHex(8) + "-01";
    }
    response.setHeader(REQUEST_ID, requestId);
    ForwardedRequest forwarded =
        ForwardedRequest.of(request).header(REQUEST_ID, requestId).header(TRACEPARENT, traceparent);
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
