package dev.rag.gateway.web;

import org.springframework.core.Ordered;

/**
 * The order of the gateway's servlet filters. Identification comes first so that every later
 * refusal already carries a request id; then the path is read once into its route, which every
 * later filter uses; the rate limit runs before any body is read so a flood costs little; the cache
 * sits after the tenant check so a hit is only ever served to a caller allowed to see the
 * collection it came from; the circuit breaker wraps only real upstream calls (cache hits never
 * count as upstream successes).
 */
public final class FilterOrder {

  public static final int REQUEST_ID = Ordered.HIGHEST_PRECEDENCE + 100;

  /** The console's security headers, set before any check can answer. */
  public static final int CONSOLE_HEADERS = REQUEST_ID + 2;

  public static final int ROUTE = REQUEST_ID + 5;
  public static final int AUTHENTICATION = REQUEST_ID + 10;
  public static final int RATE_LIMIT = REQUEST_ID + 20;
  public static final int TENANT_SCOPE = REQUEST_ID + 30;
  public static final int ANSWER_CACHE = REQUEST_ID + 40;

  /** After the checks, like the cache: only an allowed, accepted delete invalidates answers. */
  public static final int COLLECTION_DELETION = REQUEST_ID + 45;

  /** Just before the breaker: a request held back while starting never counts as a failure. */
  public static final int STARTUP_GATE = REQUEST_ID + 48;

  /** After the cache (a hit is never shed), before the breaker (shedding is not a failure). */
  public static final int IN_FLIGHT_LIMIT = REQUEST_ID + 49;

  public static final int UPSTREAM_GUARD = REQUEST_ID + 50;

  private FilterOrder() {}
}
