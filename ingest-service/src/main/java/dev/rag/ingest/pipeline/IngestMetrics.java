package dev.rag.ingest.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The ingest meters: {@code rag.ingest.documents} (by outcome: published, unchanged, skipped,
 * deleted, failed), {@code rag.ingest.chunks} (published), {@code rag.ingest.failures} (by
 * reason) and {@code rag.ingest.parse.time} (by content type).
 */
@Component
public class IngestMetrics {

  private final MeterRegistry meters;

  public IngestMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  public void document(String outcome) {
    Counter.builder("rag.ingest.documents").tag("outcome", outcome)
        .description("Documents processed, by outcome").register(meters).increment();
  }

  public void chunks(int count) {
    Counter.builder("rag.ingest.chunks").description("Chunks published on rag.chunks")
        .register(meters).increment(count);
  }

  public void failure(String reason) {
    Counter.builder("rag.ingest.failures").tag("reason", reason)
        .description("Documents or records that could not be ingested, by reason")
        .register(meters).increment();
  }

  public <T> T timeParse(String contentType, Supplier<T> parse) {
    return Timer.builder("rag.ingest.parse.time").tag("content_type", String.valueOf(contentType))
        .description("Time to parse and chunk one document").register(meters).record(parse);
  }
}
