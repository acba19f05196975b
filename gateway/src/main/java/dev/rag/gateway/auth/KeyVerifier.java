package dev.rag.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a presented secret into a {@link Caller}. Valid keys are remembered for {@code verifiedTtl}
 * so that a cache hit costs no database round trip (the gateway's latency goal is a few
 * milliseconds); unknown and revoked secrets are never remembered, so the memory cannot be filled
 * by guessing.
 */
public final class KeyVerifier {

  /**
   * Bound on remembered keys; beyond it the memory is simply cleared (keys are few in practice).
   */
  private static final int MAX_REMEMBERED = 10_000;

  private record Verified(Caller caller, Instant until) {}

  private final ApiKeyStore store;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Verified> remembered = new ConcurrentHashMap<>();

  public KeyVerifier(ApiKeyStore store, Duration ttl, Clock clock) {
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be >= 0, was " + ttl);
    }
    this.store = store;
    this.ttl = ttl;
    this.clock = clock;
  }

  public Optional<Caller> verify(String secret) {
    if (secret == null || secret.isBlank() || secret.length() > 512) {
      return Optional.empty();
    }
    String hash = ApiKeySecrets.hash(secret.strip());
    Instant now = clock.instant();
    Verified known = remembered.get(hash);
    if (known != null && now.isBefore(known.until())) {
      return Optional.of(known.caller());
    }
    Optional<ApiKey> key =
        store
            .findByHash(hash)
            .filter(found -> ApiKeySecrets.sameHash(found.hash(), hash))
            .filter(found -> !found.revoked());
    if (key.isEmpty()) {
      remembered.remove(hash);
      return Optional.empty();
    }
    if (!ttl.isZero()) {
      if (remembered.size() >= MAX_REMEMBERED) {
        remembered.clear();
      }
      remembered.put(hash, new Verified(key.get().caller(), now.plus(ttl)));
    }
    return Optional.of(key.get().caller());
  }

  /** Forgets every remembered key (after a revocation on this instance). */
  public void forgetAll() {
    remembered.clear();
  }
}
