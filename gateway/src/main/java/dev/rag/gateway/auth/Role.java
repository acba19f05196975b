package dev.rag.gateway.auth;

import java.util.Locale;

/** What a key may do: {@link #ADMIN} everything, {@link #APP} ask and retrieve. */
public enum Role {
  /** Uploads, deletes, reads jobs and manages keys, besides everything an app may do. */
  ADMIN,
  /** Asks ({@code /v1/answers}, chat completions), retrieves, embeds, reranks, reads documents. */
  APP;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code admin} or {@code app} (any case), naming the allowed values when wrong. */
  public static Role parse(String value) {
    if (value != null) {
      for (Role role : values()) {
        if (role.name().equalsIgnoreCase(value.strip())) {
          return role;
        }
      }
    }
    throw new IllegalArgumentException("role must be 'admin' or 'app', was " + value);
  }
}
