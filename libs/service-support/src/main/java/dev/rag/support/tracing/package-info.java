/**
 * Distributed tracing for every service: Micrometer Tracing over the OpenTelemetry SDK, W3C trace
 * context on every HTTP call and Kafka record between services, trace and span ids in every log
 * line, and spans exported over OTLP/HTTP only when {@code rag.tracing.otlp-endpoint} names a
 * collector.
 */
package dev.rag.support.tracing;
