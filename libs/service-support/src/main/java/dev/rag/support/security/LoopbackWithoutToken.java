package dev.rag.support.security;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * An internal service without a service token checks no caller, so it must not be reachable from
 * other hosts: it listens on 127.0.0.1 unless {@code server.address} is set explicitly.
 */
public final class LoopbackWithoutToken implements EnvironmentPostProcessor {

  static final String SOURCE = "rag-loopback-without-service-token";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    boolean internal = environment.getProperty("rag.security.internal", Boolean.class, true);
    String token = environment.getProperty("rag.security.service-token", "");
    if (internal && token.isBlank() && !environment.containsProperty("server.address")) {
      environment
          .getPropertySources()
          .addLast(new MapPropertySource(SOURCE, Map.of("server.address", "127.0.0.1")));
    }
  }
}
