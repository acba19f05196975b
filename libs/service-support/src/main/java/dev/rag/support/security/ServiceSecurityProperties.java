package dev.rag.support.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code rag.security.*}: how a service trusts its callers.
 *
 * @param serviceToken the shared service credential (environment {@code RAG_SERVICE_TOKEN}); the
 *     gateway and every service send it as {@code X-Rag-Service-Token}, and an internal service
 *     refuses any call without it. Default none: then an internal service listens on 127.0.0.1 only
 *     (unless {@code server.address} says otherwise) and checks nothing.
 * @param internal whether this service sits behind the gateway (default {@code true}); the gateway,
 *     the public entry, sets {@code false}: it sends the token but does not require it
 */
@ConfigurationProperties("rag.security")
public record ServiceSecurityProperties(String serviceToken, Boolean internal) {

  public ServiceSecurityProperties {
    serviceToken = serviceToken == null ? "" : serviceToken.strip();
    internal = internal == null || internal;
    if (!serviceToken.isEmpty() && serviceToken.length() < 16) {
      throw new IllegalArgumentException(
          "rag.security.service-token must be at least 16 characters (e.g. openssl rand -hex 32)");
    }
  }
}
