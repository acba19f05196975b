package dev.rag.gateway.routing;

/** Who may call a route. */
public enum Access {
  /** Probes, metrics scrape, API documents: no key. */
  PUBLIC,
  /** Any valid key (app or admin), within the key's collections. */
  APP,
  /** Admin keys only, within the key's collections. */
  ADMIN
}
