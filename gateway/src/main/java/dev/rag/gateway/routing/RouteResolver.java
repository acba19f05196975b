package dev.rag.gateway.routing;

import dev.rag.contracts.problem.ProblemType;
import dev.rag.contracts.security.ServiceHeaders;
import dev.rag.gateway.web.ForwardedRequest;
import dev.rag.gateway.web.ProblemResponses;
import dev.rag.support.security.ServiceToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first decision on every request: its path in {@link CanonicalPath canonical form} (else 400)
 * and the {@link RouteTable route} it names, stored for every later filter, so that authentication,
 * tenant scoping, caching and the proxy all act on the same reading. It also removes any
 * platform-internal header a client sent ({@link ServiceHeaders}) and adds the service token the
 * services behind the gateway require.
 */
public final class RouteResolver extends OncePerRequestFilter {

  private final RouteTable routes;
  private final ServiceToken token;

  public RouteResolver(RouteTable routes, ServiceToken token) {
    this.routes = routes;
    this.token = token;
  }

  /** What the resolver decided for {@code request}; empty only when it did not run. */
  public static Optional<RouteTable.Resolution> resolution(HttpServletRequest request) {
    return Optional.ofNullable((RouteTable.Resolution) request.getAttribute(RouteMatch.ATTRIBUTE));
  }

  /** The route {@code request} resolved to, if it names one. */
  public static Optional<RouteMatch> match(HttpServletRequest request) {
    return resolution(request)
        .flatMap(
            resolution ->
                resolution instanceof RouteTable.Resolution.Found found
                    ? Optional.of(found.match())
                    : Optional.empty());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    CanonicalPath path;
    try {
      path = CanonicalPath.parse(request.getRequestURI());
    } catch (CanonicalPath.RejectedPathException e) {
      ProblemResponses.write(
          request, response, ProblemType.VALIDATION, e.getMessage(), Map.of("field", "path"));
      return;
    }
    // The container's own decoding must agree with ours (it is what the dispatcher routes on).
    String container =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    if (!container.equals("/" + String.join("/", path.segments()))
        && !(container.isEmpty() && path.segments().isEmpty())) {
      ProblemResponses.write(
          request,
          response,
          ProblemType.VALIDATION,
          "the path is not in canonical form",
          Map.of("field", "path"));
      return;
    }
    request.setAttribute(RouteMatch.ATTRIBUTE, routes.resolve(request.getMethod(), path));
    ForwardedRequest forwarded = ForwardedRequest.of(request);
    ServiceHeaders.ALL.forEach(forwarded::hide);
    if (token.configured()) {
      forwarded.header(ServiceHeaders.SERVICE_TOKEN, token.value());
    }
    chain.doFilter(forwarded, response);
  }
}
