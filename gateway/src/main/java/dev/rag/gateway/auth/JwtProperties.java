package dev.rag.gateway.auth;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.gateway.jwt.*}: optional JWT bearer tokens next to API keys (off by default). Tokens
 * are verified with a shared HMAC secret (HS256) or an identity provider's JWK set; the role and
 * collections come from claims.
 *
 * @param enabled true accepts JWTs in {@code Authorization: Bearer} (default false)
 * @param hmacSecret the shared HS256 secret, at least 32 bytes; or
 * @param jwkSetUri the identity provider's JWK set (RS256/ES256 tokens)
 * @param issuer when set, the required {@code iss} claim
 * @param roleClaim the claim holding {@code admin} or {@code app} (default {@code role})
 * @param collectionsClaim the claim holding the allowed collections, a list or a space-separated
 *     string, {@code *} for all (default {@code collections})
 */
@Validated
@ConfigurationProperties("rag.gateway.jwt")
public record JwtProperties(
    @DefaultValue("false") boolean enabled,
    String hmacSecret,
    URI jwkSetUri,
    String issuer,
    @DefaultValue("role") String roleClaim,
    @DefaultValue("collections") String collectionsClaim) {

  public JwtProperties {
    if (enabled && (hmacSecret == null || hmacSecret.isBlank()) == (jwkSetUri == null)) {
      throw new IllegalArgumentException(
          "rag.gateway.jwt.enabled needs exactly one of rag.gateway.jwt.hmac-secret and rag.gateway.jwt.jwk-set-uri");
    }
    if (enabled
        && hmacSecret != null
        && !hmacSecret.isBlank()
        && hmacSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
      throw new IllegalArgumentException(
          "rag.gateway.jwt.hmac-secret must be at least 32 bytes (HS256), was "
              + hmacSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
  }
}
