package dev.rag.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Turns a JWT into a {@link Caller} with the decoder of Spring Security's resource server
 * (signature, {@code exp}/{@code nbf} with 60 s clock skew, optional issuer). The role claim must
 * say {@code admin} or {@code app}; the collections claim lists what the token may use. The
 * rate-limit bucket is the token's subject ({@code jwt:<sub>}), so one user's tokens share one.
 */
public final class JwtCallers {

  private final JwtDecoder decoder;
  private final JwtProperties properties;

  public JwtCallers(JwtProperties properties) {
    this.properties = properties;
    NimbusJwtDecoder nimbus =
        properties.jwkSetUri() != null
            ? NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString()).build()
            : NimbusJwtDecoder.withSecretKey(
                    new SecretKeySpec(
                        properties.hmacSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
    nimbus.setJwtValidator(
        properties.issuer() == null || properties.issuer().isBlank()
            ? JwtValidators.createDefault()
            : JwtValidators.createDefaultWithIssuer(properties.issuer()));
    this.decoder = nimbus;
  }

  /** True when the presented secret has a JWT's shape (three dot-separated parts). */
  public static boolean looksLikeJwt(String token) {
    return token.chars().filter(c -> c == '.').count() == 2
        && !token.startsWith(ApiKeySecrets.PREFIX);
  }

  /** The caller the token names, or empty when it is invalid, expired or lacks a role. */
  public Optional<Caller> verify(String token) {
    try {
      Jwt jwt = decoder.decode(token);
      String subject = jwt.getSubject();
      Object role = jwt.getClaims().get(properties.roleClaim());
      if (subject == null || subject.isBlank() || !(role instanceof String roleName)) {
        return Optional.empty();
      }
      return Optional.of(
          Caller.of(
              "jwt:" + subject,
              Role.parse(roleName),
              collections(jwt.getClaims().get(properties.collectionsClaim()))));
    } catch (JwtException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static List<String> collections(Object claim) {
    if (claim instanceof Collection<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    if (claim instanceof String text && !text.isBlank()) {
      return Arrays.asList(text.strip().split("\\s+"));
    }
    return List.of();
  }
}
