package dev.rag.gateway.cache;

/** What the cache did for a request; the value of {@code X-Cache}. */
public enum CacheOutcome {
  HIT_EXACT("hit-exact"),
  HIT_SEMANTIC("hit-semantic"),
  MISS("miss");

  public static final String HEADER = "X-Cache";

  private final String header;

  CacheOutcome(String header) {
    this.header = header;
  }

  public String header() {
    return header;
  }
}
