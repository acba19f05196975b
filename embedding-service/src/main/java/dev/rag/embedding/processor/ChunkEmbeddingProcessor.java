package dev.rag.embedding.processor;

import dev.rag.contracts.events.ChunkEvent;
import dev.rag.contracts.events.EmbeddedChunkEvent;
import dev.rag.contracts.json.EventJson;
import dev.rag.contracts.json.MalformedEventException;
import dev.rag.contracts.topics.Topics;
import dev.rag.embedding.encoder.Embedder;
import dev.rag.encoders.inference.Embeddings;
import dev.rag.support.kafka.BatchObservations;
import dev.rag.support.kafka.DeadLetters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Embeds the chunks of {@code rag.chunks} and publishes them to {@code rag.embedded-chunks}.
 *
 * <p>Per poll: decode every record (a poison record goes to {@code rag.chunks.dlq} at once with
 * Spring's exception headers and is skipped, so it never blocks its partition); embed all upserts
 * in one call (the embedder batches them, or not, as configured); publish upserts and deletes in
 * record order, keyed by document id, so a delete stays behind the upserts of its document on the
 * same output partition; then wait for every send. Only then does the listener return and the
 * container commit the poll's offsets, so a crash re-delivers unacknowledged work instead of losing
 * it. A failure here (broker unreachable, model error) propagates to the platform's error handler:
 * bounded retries of the poll, then its records go to the DLQ.
 *
 * <p>Tracing: each record's span lasts for the poll, and its embedded chunk is published in that
 * span, so the upload's trace continues to retrieval-service.
 */
@Component
class ChunkEmbeddingProcessor {

  /** Longest wait for the broker to acknowledge a poll's output before the poll is retried. */
  static final Duration SEND_TIMEOUT = Duration.ofMinutes(2);

  private final Embedder embedder;
  private final KafkaTemplate<String, byte[]> template;
  private final DeadLetters deadLetters;
  private final BatchObservations observations;
  private final Counter embedded;
  private final Counter deletes;
  private final Counter poisoned;

  ChunkEmbeddingProcessor(
      Embedder embedder,
      @Qualifier("eventTemplate") KafkaTemplate<String, byte[]> template,
      DeadLetters deadLetters,
      MeterRegistry registry,
      ObservationRegistry observationRegistry) {
    this.embedder = embedder;
    this.template = template;
    this.deadLetters = deadLetters;
    this.observations = new BatchObservations(observationRegistry, "chunk-embedding-processor");
    this.embedded =
        Counter.builder("rag.embedding.processor.chunks")
            .description("chunk upserts embedded and published")
            .register(registry);
    this.deletes =
        Counter.builder("rag.embedding.processor.deletes")
            .description("chunk deletes passed through")
            .register(registry);
    this.poisoned =
        Counter.builder("rag.embedding.processor.dead-letters")
            .description("records sent to rag.chunks.dlq")
            .register(registry);
  }

  @KafkaListener(
      id = "chunk-embedding-processor",
      idIsGroup = false,
      topics = Topics.CHUNKS,
      containerFactory = ChunkListenerConfiguration.FACTORY)
  void onChunks(List<ConsumerRecord<String, byte[]>> records) {
    observations.observe(records, scopes -> embed(records, scopes));
  }

  private void embed(
      List<ConsumerRecord<String, byte[]>> records, BatchObservations.Scopes scopes) {
    List<ChunkEvent> events = new ArrayList<>(records.size());
    List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(records.size());
    List<String> texts = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      ChunkEvent event = decode(record);
      if (event == null) {
        continue;
      }
      events.add(event);
      sources.add(record);
      if (event instanceof ChunkEvent.Upsert upsert) {
        texts.add(upsert.chunk().retrievalText());
      }
    }
    List<float[]> vectors = List.of();
    String modelId = embedder.modelId();
    if (!texts.isEmpty()) {
      Embeddings result = embedder.embed(texts, Embedder.InputType.PASSAGE, Embedder.Source.KAFKA);
      vectors = result.vectors();
      modelId = result.modelId();
    }
    List<CompletableFuture<?>> sends = new ArrayList<>(events.size());
    int next = 0;
    for (int i = 0; i < events.size(); i++) {
      ChunkEvent event = events.get(i);
      Object out =
          switch (event) {
            case ChunkEvent.Upsert upsert ->
                EmbeddedChunkEvent.Upsert.of(upsert, modelId, vectors.get(next++));
            case ChunkEvent.Delete delete -> EmbeddedChunkEvent.Delete.of(delete);
          };
      sends.add(
          scopes.within(
              sources.get(i),
              () ->
                  template.send(Topics.EMBEDDED_CHUNKS, event.documentId(), EventJson.write(out))));
    }
    awaitAll(sends);
    embedded.increment(texts.size());
    deletes.increment(events.size() - texts.size());
  }

  /** The record's event, or null after sending a record that can never be processed to the DLQ. */
  private ChunkEvent decode(ConsumerRecord<String, byte[]> record) {
    try {
      ChunkEvent event = EventJson.read(record.value(), ChunkEvent.class);
      // The contract allows whitespace-only chunk text; no model can embed it, so it is poison too.
      if (event instanceof ChunkEvent.Upsert upsert && upsert.chunk().text().isBlank()) {
        throw new MalformedEventException(
            "chunk " + upsert.chunkId() + " has only whitespace text");
      }
      return event;
    } catch (MalformedEventException e) {
      // Waits for the broker's acknowledgement and throws if it fails: never silently dropped.
      deadLetters.skip(record, e);
      poisoned.increment();
      return null;
    }
  }

  private static void awaitAll(List<CompletableFuture<?>> sends) {
    try {
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
          .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing embedded chunks", e);
    } catch (ExecutionException | TimeoutException e) {
      // Not acknowledged: the poll is retried (re-publishing is harmless: writes are idempotent).
      throw new IllegalStateException("embedded chunks not acknowledged by the broker", e);
    }
  }
}
