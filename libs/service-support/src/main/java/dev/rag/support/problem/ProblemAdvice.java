package dev.rag.support.problem;

import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one exception handler of every service (registered by {@code ServiceSupportAutoConfiguration}). Spring's own
 * MVC errors (bad JSON, missing parameters, 404, 405, 413, ...) keep their status but get the
 * platform's stable {@code type}; {@link ApiException}s render as declared; anything else is a
 * 500 whose detail never leaks a stack trace.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> handleApi(ApiException e, HttpServletRequest request) {
    ProblemDetail body = of(e.type(), e.getMessage(), request);
    e.properties().forEach(body::setProperty);
    return ResponseEntity.status(e.type().status()).body(body);
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<ProblemDetail> handleIllegalArgument(
      IllegalArgumentException e, HttpServletRequest request) {
    return ResponseEntity.badRequest().body(of(ProblemType.VALIDATION, e.getMessage(), request));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> handleUnexpected(Exception e, HttpServletRequest request) {
    log.error("unhandled error on {} {}", request.getMethod(), request.getRequestURI(), e);
    return ResponseEntity.internalServerError()
        .body(of(ProblemType.INTERNAL, "unexpected error; see the service log", request));
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ResponseEntity<Object> response =
        super.handleExceptionInternal(ex, body, headers, status, request);
    if (response != null && response.getBody() instanceof ProblemDetail problem) {
      ProblemType type =
          ex instanceof HttpMessageNotReadableException
              ? ProblemType.MALFORMED_REQUEST
              : ProblemType.forStatus(status.value());
      problem.setType(type.uri());
      problem.setTitle(type.title());
      if (ex instanceof HttpMessageNotReadableException unreadable) {
        problem.setDetail(unreadableDetail(unreadable));
      }
    }
    return response;
  }

  /**
   * Says what was wrong with an unreadable body instead of Spring's generic "Failed to read
   * request": a value a record rejected (e.g. an unknown enum name), or where the JSON broke.
   */
  static String unreadableDetail(HttpMessageNotReadableException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof IllegalArgumentException rejected && rejected.getMessage() != null) {
        return rejected.getMessage();
      }
      if (cause instanceof tools.jackson.core.JacksonException json) {
        String path = json instanceof tools.jackson.databind.DatabindException bound ? bound.getPathReference() : null;
        return "malformed JSON" + (path == null || path.isBlank() ? "" : " at " + path) + ": " + json.getOriginalMessage();
      }
    }
    return "the request body is missing or not valid JSON";
  }

  /** Builds a problem detail of the given type for the current request. */
  public static ProblemDetail of(ProblemType type, String detail, HttpServletRequest request) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(type.status()), detail);
    problem.setType(type.uri());
    problem.setTitle(type.title());
    if (request != null) {
      problem.setInstance(java.net.URI.create(request.getRequestURI()));
    }
    return problem;
  }
}
