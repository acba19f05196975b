package dev.rag.gateway.auth;

import java.util.List;
import java.util.Optional;

/** Where API keys are kept: PostgreSQL in production, a JSON file in the embedded default. */
public interface ApiKeyStore {

  /** The key whose secret hashes to {@code hash}, revoked or not. */
  Optional<ApiKey> findByHash(String hash);

  void add(ApiKey key);

  /** Every key, newest first, revoked ones included. */
  List<ApiKey> list();

  /** Marks the key revoked; false when there is no key {@code id} or it was already revoked. */
  boolean revoke(String id, java.time.Instant at);
}
