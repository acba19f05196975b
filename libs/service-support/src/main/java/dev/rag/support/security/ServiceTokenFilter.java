package dev.rag.support.security;

import dev.rag.contracts.problem.ProblemType;
import dev.rag.contracts.security.ServiceHeaders;
import dev.rag.support.problem.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses every call to an internal service that does not carry the service token, except the
 * probes and the metrics scrape (when a token is configured; see {@link LoopbackWithoutToken}).
 * Deny by default: a new endpoint is protected without anyone remembering to list it. The
 * exemptions are matched on the servlet path, the decoded and normalized path the dispatcher routes
 * on, so no spelling of a protected path looks exempt.
 *
 * <p>A call with the token is authenticated as {@link #PRINCIPAL}: actuator's {@code show-details:
 * when-authorized} then shows health details to the platform's own services and operators holding
 * the token, and to nobody else.
 */
public final class ServiceTokenFilter extends OncePerRequestFilter {

  private final ServiceToken token;

  /**
   * @param token the credential to require; when none is configured, every call passes
   */
  public ServiceTokenFilter(ServiceToken token) {
    this.token = token;
  }

  /** Probes (orchestrators call them without credentials) and Prometheus's scrape. */
  static boolean exempt(String path) {
    return path.equals("/actuator/health")
        || path.startsWith("/actuator/health/")
        || path.equals("/actuator/prometheus")
        || path.equals("/actuator/info");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    if (token.matches(request.getHeader(ServiceHeaders.SERVICE_TOKEN))) {
      chain.doFilter(new PlatformServiceRequest(request), response);
      return;
    }
    if (!token.configured() || exempt(path)) {
      chain.doFilter(request, response);
      return;
    }
    ProblemWriter.write(
        response,
        ProblemType.UNAUTHORIZED,
        "this is an internal service: call it through the gateway");
  }

  /** The principal of a call that presented the service token. */
  public static final Principal PRINCIPAL = () -> "rag-service";

  private static final class PlatformServiceRequest extends HttpServletRequestWrapper {

    PlatformServiceRequest(HttpServletRequest request) {
      super(request);
    }

    @Override
    public Principal getUserPrincipal() {
      return PRINCIPAL;
    }
  }
}
