package dev.rag.contracts.security;

import java.util.List;

/**
 * Headers that only the platform's own services may set. The gateway drops every one of them from a
 * client's request before it adds its own, so a service that checked {@link #SERVICE_TOKEN} can
 * trust the caller headers that came with it.
 */
public final class ServiceHeaders {

  /** The shared service credential ({@code rag.security.service-token}). */
  public static final String SERVICE_TOKEN = "X-Rag-Service-Token";

  /** Role of the gateway's authenticated caller: {@code admin} or {@code app}. */
  public static final String CALLER_ROLE = "X-Rag-Caller-Role";

  /**
   * Collections the gateway's caller may use, comma-separated (collection names never hold a
   * comma), or {@code *} for all. Absent on calls between services, which act for no tenant.
   */
  public static final String CALLER_COLLECTIONS = "X-Rag-Caller-Collections";

  /** Every header above, for the gateway to strip from inbound requests. */
  public static final List<String> ALL = List.of(SERVICE_TOKEN, CALLER_ROLE, CALLER_COLLECTIONS);

  private ServiceHeaders() {}
}
