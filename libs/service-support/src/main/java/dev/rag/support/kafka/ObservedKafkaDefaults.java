package dev.rag.support.kafka;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Observes Boot's Kafka template and listener containers in every service (a service may still set
 * either property to {@code false}): each send becomes a producer span with the trace context in
 * the record's headers, each record a listener receives a consumer span continuing it. The
 * platform's own {@code eventTemplate} is observed where it is built. Both templates must agree:
 * Micrometer's older Kafka timers and the observations' timers share a name but not their tags, and
 * Prometheus would drop whichever registers second.
 */
public final class ObservedKafkaDefaults implements EnvironmentPostProcessor {

  static final String SOURCE = "rag-observed-kafka-defaults";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    environment
        .getPropertySources()
        .addLast(
            new MapPropertySource(
                SOURCE,
                Map.of(
                    "spring.kafka.template.observation-enabled", "true",
                    "spring.kafka.listener.observation-enabled", "true")));
  }
}
