package dev.rag.support.security;

import dev.rag.contracts.security.ServiceHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.web.client.RestClient;

/**
 * The shared service credential as callers and callees use it: attached to every call between the
 * platform's services, compared in constant time where it is checked. An empty token means none is
 * configured (the embedded default without {@code RAG_SERVICE_TOKEN}).
 */
public final class ServiceToken {

  private final byte[] secret;

  public ServiceToken(String token) {
    this.secret = token == null ? new byte[0] : token.strip().getBytes(StandardCharsets.UTF_8);
  }

  public boolean configured() {
    return secret.length > 0;
  }

  /** Whether {@code presented} is the token; false for anything when none is configured. */
  public boolean matches(String presented) {
    if (!configured() || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds the token to every request of a client being built (nothing when none is configured). */
  public RestClient.Builder applyTo(RestClient.Builder client) {
    return configured() ? client.defaultHeader(ServiceHeaders.SERVICE_TOKEN, value()) : client;
  }

  /** Adds the token to one request of the JDK's client (nothing when none is configured). */
  public HttpRequest.Builder applyTo(HttpRequest.Builder request) {
    return configured() ? request.header(ServiceHeaders.SERVICE_TOKEN, value()) : request;
  }

  /** The token itself, for a proxy that sets it on forwarded requests. */
  public String value() {
    return new String(secret, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return configured() ? "ServiceToken[set]" : "ServiceToken[none]";
  }
}
