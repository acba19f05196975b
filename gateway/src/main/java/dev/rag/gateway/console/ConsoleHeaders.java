package dev.rag.gateway.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers on the console's files: a Content-Security-Policy that allows scripts, styles,
 * images and connections from the gateway's own origin only (no inline script or style, no eval, no
 * framing, no plugins), so an injected string in an answer or a document title can never run, and a
 * key in session storage can only travel to this origin; no MIME sniffing; no referrer.
 */
public final class ConsoleHeaders extends OncePerRequestFilter {

  /** The policy of every console response. */
  public static final String POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
          + " form-action 'none'; frame-ancestors 'none'";

  /** Whether {@code path} (the request URI) is one of the console's. */
  public static boolean isConsole(String path) {
    return path.equals("/") || path.startsWith("/console/");
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !isConsole(request.getRequestURI());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("Content-Security-Policy", POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    chain.doFilter(request, response);
  }
}
