package dev.rag.support.tracing;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.tracing.*}: where spans go and how many.
 *
 * @param otlpEndpoint base URL of an OpenTelemetry collector's OTLP/HTTP receiver (environment
 *     {@code RAG_OTLP_ENDPOINT}, e.g. {@code http://127.0.0.1:4318}); spans are posted to {@code
 *     <endpoint>/v1/traces}. Default none: nothing is recorded or exported, trace context is still
 *     passed on and trace ids still appear in the logs.
 * @param sampling fraction of new traces recorded and exported while exporting, 0.0 to 1.0
 *     (environment {@code RAG_TRACE_SAMPLING}, default 1.0: a question is seconds of work, so every
 *     trace is cheap next to it; lower it under heavy load). A trace a caller marked sampled is
 *     recorded whatever this says, so one trace is never recorded in some services only.
 */
@Validated
@ConfigurationProperties("rag.tracing")
public record TraceExportProperties(
    URI otlpEndpoint, @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("1.0") double sampling) {

  /** Whether a collector is named (an empty value, as the environment default gives, is none). */
  public boolean exporting() {
    return otlpEndpoint != null && !otlpEndpoint.toString().isBlank();
  }

  /** Where the OTLP/HTTP exporter posts spans. */
  public String tracesUrl() {
    String base = otlpEndpoint.toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/traces";
  }
}
