package dev.rag.gateway.auth;

import dev.rag.contracts.problem.ProblemType;
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
 * Authenticates every {@code /v1/} request by its API key ({@code Authorization: Bearer KEY} or
 * {@code X-API-Key: KEY}) or, when enabled, a JWT bearer token, and applies the {@link AccessPolicy}: 401 without a valid key, 403
 * when the role or the collection in the path is not granted. The key itself is not passed
 * upstream; the services behind the gateway trust it.
 */
public final class AuthenticationFilter extends OncePerRequestFilter {

  /** Request attribute holding the authenticated {@link Caller}. */
  public static final String CALLER = AuthenticationFilter.class.getName() + ".caller";

  private final KeyVerifier verifier;
  private final JwtCallers jwt;
  private final AccessPolicy policy;

  /** @param jwt JWT verification, or null when JWTs are not accepted ({@code rag.gateway.jwt.enabled}) */
  public AuthenticationFilter(KeyVerifier verifier, JwtCallers jwt, AccessPolicy policy) {
    this.verifier = verifier;
    this.jwt = jwt;
    this.policy = policy;
  }

  /** The caller the filter authenticated, if any. */
  public static Optional<Caller> caller(HttpServletRequest request) {
    return Optional.ofNullable((Caller) request.getAttribute(CALLER));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    AccessPolicy.Requirement requirement = policy.of(request.getMethod(), request.getRequestURI());
    if (!requirement.authenticated()) {
      chain.doFilter(request, response);
      return;
    }
    String secret = presentedSecret(request);
    if (secret == null) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"rag\"");
      ProblemResponses.write(request, response, ProblemType.UNAUTHORIZED,
          "an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'");
      return;
    }
    boolean token = jwt != null && JwtCallers.looksLikeJwt(secret);
    Optional<Caller> verified = token ? jwt.verify(secret) : verifier.verify(secret);
    if (verified.isEmpty()) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"rag\", error=\"invalid_token\"");
      ProblemResponses.write(request, response, ProblemType.UNAUTHORIZED, token
          ? "the token is invalid, expired, or has no role claim"
          : "the API key is unknown or revoked");
      return;
    }
    Caller caller = verified.get();
    if (!requirement.allows(caller)) {
      ProblemResponses.write(request, response, ProblemType.FORBIDDEN,
          "this needs an admin key; the key " + caller.keyId() + " has role " + caller.role().wireName(),
          Map.of("requiredRole", Role.ADMIN.wireName()));
      return;
    }
    if (requirement.collection() != null && !caller.mayUse(requirement.collection())) {
      ProblemResponses.write(request, response, ProblemType.FORBIDDEN,
          "the key " + caller.keyId() + " may not use collection '" + requirement.collection() + "'",
          Map.of("collection", requirement.collection()));
      return;
    }
    request.setAttribute(CALLER, caller);
    chain.doFilter(ForwardedRequest.of(request).hide("Authorization").hide("X-API-Key"), response);
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
