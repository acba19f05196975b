package dev.rag.e2e.tracing;

/**
 * One span as a service exported it: ids in lower-case hex, {@code parentSpanId} empty for a root,
 * {@code kind} as OTLP names it ({@code SPAN_KIND_SERVER}, {@code SPAN_KIND_PRODUCER}, ...).
 */
public record ReceivedSpan(
    String service, String traceId, String spanId, String parentSpanId, String name, String kind) {

  @Override
  public String toString() {
    return service
        + " "
        + kind.replace("SPAN_KIND_", "")
        + " '"
        + name
        + "' "
        + spanId
        + "<-"
        + parentSpanId;
  }
}
