package dev.rag.gateway.web;

import dev.rag.contracts.problem.ProblemType;
import dev.rag.support.problem.ProblemAdvice;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.ResourceAccessException;

/**
 * Upstream failures while proxying (connection refused, reset, read timeout) become 503 {@code
 * upstream-unavailable} or 504 {@code upstream-timeout} problems rather than the generic 500 of the
 * shared advice; the cause goes to the log, never to the client.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UpstreamProblemAdvice {

  private static final Logger log = LoggerFactory.getLogger(UpstreamProblemAdvice.class);

  @ExceptionHandler({ResourceAccessException.class, IOException.class})
  ResponseEntity<ProblemDetail> upstreamFailed(Exception e, HttpServletRequest request) {
    boolean timeout = isTimeout(e);
    log.warn(
        "upstream call for {} {} failed: {}",
        request.getMethod(),
        request.getRequestURI(),
        e.toString());
    ProblemType type = timeout ? ProblemType.UPSTREAM_TIMEOUT : ProblemType.UPSTREAM_UNAVAILABLE;
    String detail =
        timeout
            ? "the service behind " + request.getRequestURI() + " did not answer in time"
            : "the service behind " + request.getRequestURI() + " cannot be reached";
    return ResponseEntity.status(type.status()).body(ProblemAdvice.of(type, detail, request));
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }
}
