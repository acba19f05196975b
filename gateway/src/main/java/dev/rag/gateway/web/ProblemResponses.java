package dev.rag.gateway.web;

import dev.rag.contracts.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes RFC 9457 problem details from servlet filters. Filters run outside Spring MVC, so the
 * service-support advice never sees their refusals; this writes the same JSON shape (stable {@code
 * type} from {@link ProblemType}, {@code title}, {@code status}, {@code detail}, {@code instance},
 * extension members) with {@code application/problem+json}.
 */
public final class ProblemResponses {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ProblemResponses() {}

  public static void write(
      HttpServletRequest request, HttpServletResponse response, ProblemType type, String detail)
      throws IOException {
    write(request, response, type, detail, Map.of());
  }

  public static void write(
      HttpServletRequest request,
      HttpServletResponse response,
      ProblemType type,
      String detail,
      Map<String, Object> extensions)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", type.uri().toString());
    problem.put("title", type.title());
    problem.put("status", type.status());
    problem.put("detail", detail);
    problem.put("instance", request.getRequestURI());
    problem.putAll(extensions);
    byte[] body = JSON.writeValueAsBytes(problem);
    response.resetBuffer();
    response.setStatus(type.status());
    response.setContentType("application/problem+json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    response.flushBuffer();
  }
}
