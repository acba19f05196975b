package dev.rag.ingest.pipeline;

import dev.rag.ingest.parsing.UnparseableDocumentException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The ingest meters: {@code rag.ingest.documents} (by outcome: published, unchanged, skipped,
 * deleted, failed), {@code rag.ingest.chunks} (published), {@code rag.ingest.failures} (by reason),
 * {@code rag.ingest.dead-letters} (records of {@code rag.documents} handed to the DLQ) and {@code
 * rag.ingest.parse.time} (by content type).
 *
 * <p>The counters with known tag values are registered at zero on start-up: a series that exists
 * before its first event lets Grafana show "0 failures" instead of "no data", and lets an alert
 * such as {@code increase(rag_ingest_failures_total[10m]) > 0} see the first failure at all.
 */
@Component
public class IngestMetrics {

  private final MeterRegistry meters;

  /** Outcomes {@link #document} is called with. */
  static final List<String> OUTCOMES =
      List.of("published", "unchanged", "skipped", "deleted", "failed");

  /** Failure reasons of records that go to {@code rag.documents.dlq}, and of uploads. */
  static final List<String> RECORD_REASONS = List.of("malformed_record", "too_large", "internal");

  public IngestMetrics(MeterRegistry meters) {
    this.meters = meters;
    OUTCOMES.forEach(outcome -> documents(outcome));
    chunkCounter();
    deadLetters();
    RECORD_REASONS.forEach(reason -> failures(reason));
    for (UnparseableDocumentException.Kind kind : UnparseableDocumentException.Kind.values()) {
      failures(kind.name().toLowerCase(Locale.ROOT));
    }
  }

  public void document(String outcome) {
    documents(outcome).increment();
  }

  public void chunks(int count) {
    chunkCounter().increment(count);
  }

  public void failure(String reason) {
    failures(reason).increment();
  }

  /**
   * A {@code rag.documents} record the listener gives up on: it throws a non-retryable exception
   * and the platform's error handler publishes the record to {@code rag.documents.dlq}. Counted at
   * the throw, so a DLQ publish that fails and is retried counts again.
   */
  public void deadLetter() {
    deadLetters().increment();
  }

  private Counter deadLetters() {
    return Counter.builder("rag.ingest.dead-letters")
        .description("rag.documents records sent to rag.documents.dlq")
        .register(meters);
  }

  private Counter documents(String outcome) {
    return Counter.builder("rag.ingest.documents")
        .tag("outcome", outcome)
        .description("Documents processed, by outcome")
        .register(meters);
  }

  private Counter chunkCounter() {
    return Counter.builder("rag.ingest.chunks")
        .description("Chunks published on rag.chunks")
        .register(meters);
  }

  private Counter failures(String reason) {
    return Counter.builder("rag.ingest.failures")
        .tag("reason", reason)
        .description("Documents or records that could not be ingested, by reason")
        .register(meters);
  }

  public <T> T timeParse(String contentType, Supplier<T> parse) {
    return Timer.builder("rag.ingest.parse.time")
        .tag("content_type", String.valueOf(contentType))
        .description("Time to parse and chunk one document")
        .register(meters)
        .record(parse);
  }
}
