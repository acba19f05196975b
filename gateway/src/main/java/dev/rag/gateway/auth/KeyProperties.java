package dev.rag.gateway.auth;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.gateway.keys.*}: where API keys live and how long a verified key is trusted without
 * asking the store again.
 *
 * @param store {@code jdbc} (PostgreSQL schema {@code gateway}, production default) or {@code file}
 *     (the embedded default)
 * @param file the key file of the {@code file} store (default {@code
 *     ${rag.state-dir}/gateway/api-keys.json})
 * @param bootstrapFile where the bootstrap admin key is written when no admin key exists (default
 *     {@code ${rag.state-dir}/gateway/bootstrap-admin.key}, readable by its owner only)
 * @param verifiedTtl how long a verified key is remembered in memory (default 5s): a revoked key
 *     stops working within this time on every gateway instance; 0 asks the store every time
 */
@Validated
@ConfigurationProperties("rag.gateway.keys")
public record KeyProperties(
    @NotNull @DefaultValue("jdbc") Store store,
    @NotNull Path file,
    @NotNull Path bootstrapFile,
    @NotNull @DefaultValue("5s") Duration verifiedTtl) {

  /** The kinds of key store. */
  public enum Store {
    JDBC,
    FILE
  }

  public KeyProperties {
    if (verifiedTtl != null && verifiedTtl.isNegative()) {
      throw new IllegalArgumentException(
          "rag.gateway.keys.verified-ttl must be >= 0, was " + verifiedTtl);
    }
  }
}
