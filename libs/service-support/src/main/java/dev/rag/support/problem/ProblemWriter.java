package dev.rag.support.problem;

import dev.rag.contracts.problem.ProblemType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a problem detail from a servlet filter, where {@link ProblemAdvice} does not reach (the
 * request never got to a controller).
 */
public final class ProblemWriter {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ProblemWriter() {}

  /**
   * {@code type}'s status, title and URI with {@code detail}; the caller sets any headers first.
   */
  public static void write(HttpServletResponse response, ProblemType type, String detail)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("type", type.uri().toString());
    body.put("title", type.title());
    body.put("status", type.status());
    body.put("detail", detail);
    response.setStatus(type.status());
    response.setContentType("application/problem+json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(JSON.writeValueAsString(body));
  }
}
