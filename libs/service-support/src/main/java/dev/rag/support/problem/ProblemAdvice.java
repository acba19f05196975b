package dev.rag.support.problem;

import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.problem.ProblemType;
import dev.rag.support.outage.Outages;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.tomcat.util.http.fileupload.InvalidFileNameException;
import org.apache.tomcat.util.http.fileupload.impl.FileCountLimitExceededException;
import org.apache.tomcat.util.http.fileupload.impl.SizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one exception handler of every service (registered by {@code
 * ServiceSupportAutoConfiguration}). Spring's own MVC errors (bad JSON, missing parameters, 404,
 * 405, 413, ...) keep their status but get the platform's stable {@code type}; {@link
 * ApiException}s render as declared; anything else is a 500 whose detail never leaks a stack trace.
 * Bad input is never a 500: unreadable JSON and unparseable multipart bodies are 400s whose detail
 * speaks of JSON fields and limits, never of Java types.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler
    implements ApplicationListener<ContextClosedEvent> {

  private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

  /** Jackson's "(start marker at [Source: ...; line: 1, column: 1])": our source description. */
  private static final Pattern SOURCE_MARKER =
      Pattern.compile("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)|\\s*\\[Source:[^\\]]*\\]");

  /**
   * A package-qualified name, a {@code Type.CONSTANT}, a nested {@code Outer$Inner}, or a backtick.
   */
  private static final Pattern JAVA_NAME =
      Pattern.compile(
          "`|\\b[a-z_][\\w$]*\\.[a-z_][\\w$]*(\\.[\\w$]+)*\\.[A-Z]|\\b[A-Z][\\w$]*\\.[A-Z][A-Z0-9_]+\\b|\\b[A-Z]\\w*\\$[A-Z]");

  /** Set when the application context starts closing (graceful shutdown has begun). */
  private volatile boolean stopping;

  @Override
  public void onApplicationEvent(ContextClosedEvent event) {
    stopping = true;
  }

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> handleApi(ApiException e, HttpServletRequest request) {
    ProblemDetail body = of(e.type(), e.getMessage(), request);
    e.properties().forEach(body::setProperty);
    var response = ResponseEntity.status(e.type().status());
    if (e.retryAfter() != null) {
      response.header("Retry-After", ApiException.retryAfterSeconds(e.retryAfter()));
    }
    return response.body(body);
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<ProblemDetail> handleIllegalArgument(
      IllegalArgumentException e, HttpServletRequest request) {
    return ResponseEntity.badRequest().body(of(ProblemType.VALIDATION, e.getMessage(), request));
  }

  /**
   * Unexpected failures are 500s, except where the request could succeed if sent again: a
   * dependency is down ({@link Outages}) or this instance is stopping (a request that was already
   * in flight when the graceful shutdown began may find the database or producer closing under it).
   * Those are 503 with {@code Retry-After}, which clients and the gateway treat as "try again", not
   * as a bug.
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> handleUnexpected(Exception e, HttpServletRequest request) {
    boolean outage = Outages.isOutage(e);
    if (outage || stopping) {
      log.warn(
          "{} {} failed {}: {}",
          request.getMethod(),
          request.getRequestURI(),
          outage ? "because a dependency is unavailable" : "while the service stops",
          e.toString());
      String detail =
          outage
              ? "a service this request needs is unavailable right now; retry after the"
                  + " Retry-After delay"
              : "this instance is stopping; retry after the Retry-After delay";
      return ResponseEntity.status(ProblemType.UPSTREAM_UNAVAILABLE.status())
          .header("Retry-After", ApiException.retryAfterSeconds(Outages.RETRY_AFTER))
          .body(of(ProblemType.UPSTREAM_UNAVAILABLE, detail, request));
    }
    log.error("unhandled error on {} {}", request.getMethod(), request.getRequestURI(), e);
    return ResponseEntity.internalServerError()
        .body(of(ProblemType.INTERNAL, "unexpected error; see the service log", request));
  }

  /**
   * A multipart body the server could not parse. A file name with a control character (Tomcat
   * refuses NUL outright) is a validation problem; too many parts is 413 naming the limit; a
   * cut-off body, a missing or wrong boundary are malformed requests. Never a 500.
   */
  @ExceptionHandler(MultipartException.class)
  ResponseEntity<ProblemDetail> handleMultipart(MultipartException e, HttpServletRequest request) {
    if (causeOf(e, InvalidFileNameException.class) != null) {
      return ResponseEntity.badRequest()
          .body(
              of(
                  ProblemType.VALIDATION,
                  "file names must be printable characters (no NUL or other control characters)",
                  request));
    }
    if (causeOf(e, FileCountLimitExceededException.class) != null
        || causeOf(e, SizeException.class) != null) {
      return ResponseEntity.status(ProblemType.PAYLOAD_TOO_LARGE.status())
          .body(of(ProblemType.PAYLOAD_TOO_LARGE, uploadTooLargeDetail(e), request));
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String reason =
        root == e || root.getMessage() == null || namesJavaType(root.getMessage())
            ? ""
            : ": " + root.getMessage();
    return ResponseEntity.badRequest()
        .body(
            of(
                ProblemType.MALFORMED_REQUEST,
                "the multipart body cannot be parsed" + reason,
                request));
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
      if (ex instanceof MaxUploadSizeExceededException tooLarge) {
        problem.setDetail(uploadTooLargeDetail(tooLarge));
      }
    }
    return response;
  }

  /**
   * Names the limit an upload passed. Tomcat refuses a request with more parts than {@code
   * server.tomcat.max-part-count} before any handler runs; Spring reports that, like an oversized
   * file, as "Maximum upload size exceeded", which sends the user looking in the wrong place.
   */
  static String uploadTooLargeDetail(Exception e) {
    if (causeOf(e, FileCountLimitExceededException.class)
        instanceof FileCountLimitExceededException count) {
      return "the upload has more than "
          + count.getLimit()
          + " parts; at most "
          + count.getLimit()
          + " files per upload (form fields count too): send the files in batches";
    }
    if (causeOf(e, SizeException.class) instanceof SizeException size
        && size.getPermittedSize() > 0) {
      return "the upload is larger than the limit of " + size.getPermittedSize() + " bytes";
    }
    return "Maximum upload size exceeded";
  }

  /**
   * Says what was wrong with an unreadable body instead of Spring's generic "Failed to read
   * request", in the client's terms: the JSON field path and the kind of JSON value expected
   * ({@code "k: expected a number"}), a value a record rejected (its own message), or the line and
   * column where the JSON broke. Java type names never appear: they mean nothing to a client and
   * describe our internals.
   */
  static String unreadableDetail(HttpMessageNotReadableException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof IllegalArgumentException rejected
          && rejected.getMessage() != null
          && !namesJavaType(rejected.getMessage())) {
        return rejected.getMessage();
      }
    }
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof DatabindException bound) {
        return bindingDetail(bound);
      }
      if (cause instanceof JacksonException json) {
        return syntaxDetail(json);
      }
    }
    return "the request body is missing or not valid JSON";
  }

  /** {@code "filters[0].field: expected a string"}: where, and what kind of JSON value. */
  private static String bindingDetail(DatabindException e) {
    String where = jsonPath(e.getPath());
    String what =
        switch (e) {
          case UnrecognizedPropertyException unknown -> "unknown field";
          case InvalidNullException nullValue -> "must not be null";
          case InvalidFormatException format
              when format.getTargetType() != null && format.getTargetType().isEnum() ->
              "not one of the allowed values";
          case MismatchedInputException mismatch ->
              "expected " + jsonKind(mismatch.getTargetType());
          default -> "cannot be read";
        };
    return where.isEmpty() ? "the request body: " + what : where + ": " + what;
  }

  /** The path as a client writes it: {@code messages[0].role}. */
  private static String jsonPath(List<JacksonException.Reference> path) {
    StringBuilder out = new StringBuilder();
    for (JacksonException.Reference reference : path) {
      if (reference.getPropertyName() != null) {
        out.append(out.isEmpty() ? "" : ".").append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        out.append('[').append(reference.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  /** The kind of JSON value a Java target type is read from. */
  private static String jsonKind(Class<?> type) {
    if (type == null) {
      return "a value of another kind";
    }
    if (Number.class.isAssignableFrom(type)
        || (type.isPrimitive() && type != boolean.class && type != char.class)) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (CharSequence.class.isAssignableFrom(type)
        || type == Character.class
        || type == char.class
        || type.isEnum()
        || type == java.util.UUID.class
        || java.time.temporal.Temporal.class.isAssignableFrom(type)
        || type == java.net.URI.class) {
      return "a string";
    }
    if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    return "an object";
  }

  /** Where the JSON text broke, with the parser's words when they name nothing internal. */
  private static String syntaxDetail(JacksonException e) {
    TokenStreamLocation at = e.getLocation();
    String where =
        at == null || at.getLineNr() < 1
            ? ""
            : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    String message =
        e.getOriginalMessage() == null
            ? ""
            : SOURCE_MARKER.matcher(e.getOriginalMessage()).replaceAll("");
    return "malformed JSON"
        + where
        + (message.isBlank() || namesJavaType(message) ? "" : ": " + message.strip());
  }

  /**
   * Whether text names a Java type: a package-qualified name ({@code java.lang.String}), a {@code
   * Type.CONSTANT}, or Jackson's backticked types.
   */
  static boolean namesJavaType(String text) {
    return JAVA_NAME.matcher(text).find();
  }

  private static Throwable causeOf(Throwable e, Class<? extends Throwable> type) {
    for (Throwable cause = e;
        cause != null;
        cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (type.isInstance(cause)) {
        return cause;
      }
    }
    return null;
  }

  /** Builds a problem detail of the given type for the current request. */
  public static ProblemDetail of(ProblemType type, String detail, HttpServletRequest request) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(type.status()), detail);
    problem.setType(type.uri());
    problem.setTitle(type.title());
    if (request != null) {
      problem.setInstance(java.net.URI.create(request.getRequestURI()));
    }
    return problem;
  }
}
