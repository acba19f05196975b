package dev.rag.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Making and hashing key secrets. A secret is {@code rag_} plus 32 random bytes (256 bits) in
 * base64url, so a plain SHA-256 is a sound verifier: there is nothing to brute-force that a slow
 * password hash would protect (unlike a human-chosen password).
 */
public final class ApiKeySecrets {

  /** The prefix of every secret, so leaked keys are easy to recognise in logs and scanners. */
  public static final String PREFIX = "rag_";

  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeySecrets() {}

  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String newId() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return "key_" + HexFormat.of().formatHex(bytes);
  }

  /** Lower-case hex SHA-256 of the secret's UTF-8 bytes. */
  public static String hash(String secret) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Compares two hashes in time independent of where they differ. */
  public static boolean sameHash(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}
