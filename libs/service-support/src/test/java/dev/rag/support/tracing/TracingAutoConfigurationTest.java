package dev.rag.support.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The tracing policy: off without a collector, one setting to export, sampling configurable. */
class TracingAutoConfigurationTest {

  private final ApplicationContextRunner contexts =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  TracingAutoConfiguration.class,
                  ObservationAutoConfiguration.class,
                  MicrometerTracingAutoConfiguration.class,
                  OpenTelemetrySdkAutoConfiguration.class,
                  OpenTelemetryTracingAutoConfiguration.class,
                  OtlpTracingAutoConfiguration.class));

  @Test
  void withoutACollectorNothingIsRecordedButTraceContextStillExists() {
    contexts
        .withPropertyValues("rag.tracing.otlp-endpoint=")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(SpanExporter.class);
              assertThat(context.getBean(Sampler.class)).isEqualTo(Sampler.alwaysOff());
              Span span = context.getBean(Tracer.class).nextSpan().start();
              try {
                assertThat(span.isNoop()).isTrue();
                assertThat(span.context().traceId()).hasSize(32).isNotEqualTo("0".repeat(32));
              } finally {
                span.end();
              }
            });
  }

  @Test
  void anEndpointExportsOverOtlpHttpToItsTracesPath() {
    contexts
        .withPropertyValues("rag.tracing.otlp-endpoint=http://127.0.0.1:4318/")
        .run(
            context -> {
              assertThat(context.getBean(OtlpHttpSpanExporter.class).toString())
                  .contains("endpoint=http://127.0.0.1:4318/v1/traces");
              assertThat(context.getBean(Sampler.class).getDescription())
                  .isEqualTo(
                      "ParentBased{root:TraceIdRatioBased{1.000000},remoteParentSampled:AlwaysOnSampler,"
                          + "remoteParentNotSampled:AlwaysOffSampler,localParentSampled:AlwaysOnSampler,"
                          + "localParentNotSampled:AlwaysOffSampler}");
            });
  }

  @Test
  void samplingAppliesToNewTracesWhileExporting() {
    contexts
        .withBean(InMemorySpanExporter.class, InMemorySpanExporter::create)
        .withPropertyValues("rag.tracing.sampling=0.25")
        .run(
            context ->
                assertThat(context.getBean(Sampler.class).getDescription())
                    .startsWith("ParentBased{root:TraceIdRatioBased{0.250000}"));
  }

  @Test
  void rejectsASamplingOutsideZeroToOne() {
    contexts
        .withPropertyValues("rag.tracing.sampling=1.5")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("rag.tracing.sampling"));
  }
}
