package dev.rag.gateway.auth;

import dev.rag.contracts.problem.ProblemType;
import dev.rag.contracts.security.ServiceHeaders;
import dev.rag.gateway.routing.Access;
import dev.rag.gateway.routing.RouteMatch;
import dev.rag.gateway.routing.RouteResolver;
import dev.rag.gateway.routing.RouteTable;
import dev.rag.gateway.web.ForwardedRequest;
import dev.rag.gateway.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every request that is not to a {@link Access#PUBLIC} route by its API key ({@code
 * Authorization: Bearer KEY} or {@code X-API-Key: KEY}) or, when enabled, a JWT bearer token, then
 * authorizes it on the route the {@link RouteResolver} found: 401 without a valid key, 404 for a
 * path that is no route (only after authentication, so nobody maps the API without a key), 405 for
 * a wrong method, 403 when the route's role or the collection in the path is not granted. The key
 * itself is not passed upstream; the caller's role and collections are, in {@link ServiceHeaders},
 * for services that narrow lists to them.
 */
public final class AuthenticationFilter extends OncePerRequestFilter {

  /** Request attribute holding the authenticated {@link Caller}. */
  public static final String CALLER = AuthenticationFilter.class.getName() + ".caller";

  private final KeyVerifier verifier;
  private final JwtCallers jwt;

  /**
   * @param jwt JWT verification, or null when JWTs are not accepted ({@code
   *     rag.gateway.jwt.enabled})
   */
  public AuthenticationFilter(KeyVerifier verifier, JwtCallers jwt) {
    this.verifier = verifier;
    this.jwt = jwt;
  }

  /** The caller the filter authenticated, if any. */
  public static Optional<Caller> caller(HttpServletRequest request) {
    return Optional.ofNullable((Caller) request.getAttribute(CALLER));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    RouteTable.Resolution resolution =
        RouteResolver.resolution(request)
            .orElseThrow(
                () ->
                    new IllegalStateException("the route resolver must run before authentication"));
    if (resolution instanceof RouteTable.Resolution.Found found
        && found.match().route().access() == Access.PUBLIC) {
      chain.doFilter(request, response);
      return;
    }
    // Deny by default: whatever is not public needs a valid key, known route or not.
    String secret = presentedSecret(request);
    if (secret == null) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"rag\"");
      ProblemResponses.write(
          request,
          response,
          ProblemType.UNAUTHORIZED,
          "an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'");
      return;
    }
    boolean token = jwt != null && JwtCallers.looksLikeJwt(secret);
    Optional<Caller> verified = token ? jwt.verify(secret) : verifier.verify(secret);
    if (verified.isEmpty()) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"rag\", error=\"invalid_token\"");
      ProblemResponses.write(
          request,
          response,
          ProblemType.UNAUTHORIZED,
          token
              ? "the token is invalid, expired, or has no role claim"
              : "the API key is unknown or revoked");
      return;
    }
    Caller caller = verified.get();
    switch (resolution) {
      case RouteTable.Resolution.Unknown unknown -> {
        ProblemResponses.write(
            request,
            response,
            ProblemType.NOT_FOUND,
            "no such endpoint: " + request.getMethod() + " " + request.getRequestURI());
        return;
      }
      case RouteTable.Resolution.WrongMethod wrong -> {
        response.setHeader("Allow", String.join(", ", wrong.allowed()));
        ProblemResponses.write(
            request,
            response,
            ProblemType.METHOD_NOT_ALLOWED,
            request.getMethod()
                + " is not supported here; use "
                + String.join(" or ", wrong.allowed()));
        return;
      }
      case RouteTable.Resolution.Found found -> {
        if (!authorize(found.match(), caller, request, response)) {
          return;
        }
      }
    }
    request.setAttribute(CALLER, caller);
    ForwardedRequest forwarded =
        ForwardedRequest.of(request)
            .hide("Authorization")
            .hide("X-API-Key")
            .header(ServiceHeaders.CALLER_ROLE, caller.role().wireName())
            .header(
                ServiceHeaders.CALLER_COLLECTIONS,
                caller.allCollections() ? Caller.ALL : String.join(",", caller.collections()));
    chain.doFilter(forwarded, response);
  }

  private static boolean authorize(
      RouteMatch match, Caller caller, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (match.route().access() == Access.ADMIN && !caller.isAdmin()) {
      ProblemResponses.write(
          request,
          response,
          ProblemType.FORBIDDEN,
          "this needs an admin key; the key "
              + caller.keyId()
              + " has role "
              + caller.role().wireName(),
          Map.of("requiredRole", Role.ADMIN.wireName()));
      return false;
    }
    String collection = match.collection();
    if (collection != null && !caller.mayUse(collection)) {
      ProblemResponses.write(
          request,
          response,
          ProblemType.FORBIDDEN,
          "the key " + caller.keyId() + " may not use collection '" + collection + "'",
          Map.of("collection", collection));
      return false;
    }
    return true;
  }

  private static String presentedSecret(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = authorization.substring(7).strip();
      return token.isEmpty() ? null : token;
    }
    String header = request.getHeader("X-API-Key");
    return header == null || header.isBlank() ? null : header.strip();
  }
}
