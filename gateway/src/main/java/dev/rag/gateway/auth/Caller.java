package dev.rag.gateway.auth;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An authenticated caller: its key id (the rate-limit bucket), role and the collections it may use
 * (sorted, so filled-in requests and messages are stable). {@code allCollections} is the {@code *}
 * grant of the bootstrap admin key.
 */
public record Caller(String keyId, Role role, Set<String> collections, boolean allCollections) {

  /** A key's collection list: {@code ["*"]} for every collection. */
  public static final String ALL = "*";

  public Caller {
    if (keyId == null || keyId.isBlank()) {
      throw new IllegalArgumentException("keyId must not be blank");
    }
    if (role == null) {
      throw new IllegalArgumentException("role must be present");
    }
    collections = Collections.unmodifiableSortedSet(new TreeSet<>(collections));
  }

  public static Caller of(String keyId, Role role, List<String> collections) {
    boolean all = collections.contains(ALL);
    return new Caller(keyId, role, all ? Set.of() : Set.copyOf(collections), all);
  }

  public boolean mayUse(String collection) {
    return allCollections || collections.contains(collection);
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }
}
