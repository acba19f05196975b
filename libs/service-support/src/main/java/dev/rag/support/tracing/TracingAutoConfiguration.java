package dev.rag.support.tracing;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.Transport;
import org.springframework.context.annotation.Bean;

/**
 * The platform's tracing policy on top of Boot's OpenTelemetry auto-configuration, which
 * instruments HTTP servers and clients, Kafka templates and listeners, and puts trace ids into the
 * logs.
 *
 * <p>Off by default: with no exporter the sampler records nothing, so a span costs what a no-op
 * costs, yet trace context is still created, passed on and logged. With {@code
 * rag.tracing.otlp-endpoint} set, Boot's OTLP/HTTP exporter posts spans there and {@code
 * rag.tracing.sampling} of new traces are recorded. Boot's own {@code
 * management.opentelemetry.tracing.export.otlp.endpoint} (a full URL) works as well.
 */
@AutoConfiguration(
    before = {OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class})
@ConditionalOnClass({Sampler.class, OtlpTracingConnectionDetails.class})
@EnableConfigurationProperties(TraceExportProperties.class)
public class TracingAutoConfiguration {

  /**
   * Records new traces at {@code rag.tracing.sampling} when spans have somewhere to go, and none
   * otherwise: a recorded span that no exporter takes is pure cost. Follows the caller's decision
   * when there is one, so a trace is recorded in every service or in none.
   */
  @Bean
  Sampler ragTraceSampler(
      TraceExportProperties properties, ObjectProvider<SpanExporter> exporters) {
    if (exporters.stream().findAny().isEmpty()) {
      return Sampler.alwaysOff();
    }
    return Sampler.parentBased(Sampler.traceIdRatioBased(properties.sampling()));
  }

  /** The collector named by {@code rag.tracing.otlp-endpoint}, for Boot's OTLP/HTTP exporter. */
  @Bean
  @ConditionalOnExpression("!'${rag.tracing.otlp-endpoint:}'.isBlank()")
  OtlpTracingConnectionDetails ragOtlpCollector(TraceExportProperties properties) {
    String url = properties.tracesUrl();
    return transport -> {
      if (transport != Transport.HTTP) {
        throw new IllegalStateException(
            "rag.tracing.otlp-endpoint is an OTLP/HTTP receiver; transport " + transport);
      }
      return url;
    };
  }
}
