package dev.rag.gateway.auth;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A stored API key: never the secret itself, only its SHA-256 ({@code hash}, 64 hex digits).
 *
 * @param id public identifier ({@code key_...}), used to list, revoke and rate-limit
 * @param name what the key is for, chosen by the admin who created it
 * @param hash lower-case hex SHA-256 of the secret
 * @param role what the key may do
 * @param collections the collections it may use; {@code ["*"]} for all
 * @param createdAt when it was created
 * @param revokedAt when it was revoked, or null while it is valid
 */
public record ApiKey(
    String id,
    String name,
    String hash,
    Role role,
    List<String> collections,
    Instant createdAt,
    Instant revokedAt) {

  /** Collection names as ingest-service accepts them, or the {@code *} grant. */
  private static final Pattern COLLECTION = Pattern.compile("\\*|[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public ApiKey {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    if (name == null || name.isBlank() || name.length() > 200) {
      throw new IllegalArgumentException("name must be 1..200 characters, was " + name);
    }
    if (hash == null || !hash.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("hash must be 64 lower-case hex digits");
    }
    if (role == null) {
      throw new IllegalArgumentException("role must be 'admin' or 'app'");
    }
    if (collections == null || collections.isEmpty()) {
      throw new IllegalArgumentException("collections must name at least one collection (or '*')");
    }
    for (String collection : collections) {
      if (collection == null || !COLLECTION.matcher(collection).matches()) {
        throw new IllegalArgumentException(
            "collection name "
                + collection
                + " is not valid: 1..128 of letters, digits, '.', '_', '-', or '*' for all");
      }
    }
    collections = List.copyOf(collections);
    if (createdAt == null) {
      throw new IllegalArgumentException("createdAt must be present");
    }
  }

  public boolean revoked() {
    return revokedAt != null;
  }

  public Caller caller() {
    return Caller.of(id, role, collections);
  }
}
