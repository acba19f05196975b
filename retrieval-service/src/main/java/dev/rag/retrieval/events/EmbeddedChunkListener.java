package dev.rag.retrieval.events;

import dev.rag.contracts.events.EmbeddedChunkEvent;
import dev.rag.contracts.events.IndexEvent;
import dev.rag.contracts.json.EventJson;
import dev.rag.contracts.json.MalformedEventException;
import dev.rag.retrieval.config.RetrievalProperties;
import dev.rag.retrieval.indexing.ChunkIndexer;
import dev.rag.support.kafka.BatchObservations;
import dev.rag.support.kafka.DeadLetters;
import dev.rag.support.kafka.EventPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Indexes {@code rag.embedded-chunks} in batches.
 *
 * <p>Offsets: a batch is committed by the stores together with the offsets it covers, and on every
 * partition assignment the consumer is moved to the offsets in the index commit (the lower of
 * Lucene's and pgvector's) or to the beginning where the index has none. Kafka's group offsets are
 * committed too but never trusted: only the index knows what it contains.
 *
 * <p>A record that cannot be decoded goes to {@code <topic>.dlq} with the exception's class and
 * message (not its stack trace) in headers, sent and acknowledged before the batch commits past it,
 * and the batch continues without it. Index events are published after the commit; a crash between
 * the two loses that batch's progress events (the chunks are indexed), never the chunks.
 *
 * <p>Tracing: each record's span lasts for its batch, and a document's index event is published in
 * the span of the document's last record in the batch, so the upload's trace reaches ingest-service
 * again.
 */
@Component
public class EmbeddedChunkListener implements ConsumerSeekAware {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedChunkListener.class);
  private static final long PUBLISH_TIMEOUT_SECONDS = 30;

  private final ChunkIndexer indexer;
  private final EventPublisher publisher;
  private final DeadLetters deadLetters;
  private final BatchObservations observations;
  private final String indexEventsTopic;
  private final Counter records;
  private final Counter poison;
  private final Counter indexed;
  private final Counter stale;
  private final Counter failed;
  private final Timer batches;

  public EmbeddedChunkListener(
      ChunkIndexer indexer,
      EventPublisher publisher,
      DeadLetters deadLetters,
      RetrievalProperties properties,
      MeterRegistry meters,
      ObservationRegistry observationRegistry) {
    this.indexer = indexer;
    this.publisher = publisher;
    this.deadLetters = deadLetters;
    this.observations = new BatchObservations(observationRegistry, "embedded-chunks");
    this.indexEventsTopic = properties.indexEventsTopic();
    this.records =
        Counter.builder("rag.retrieval.records")
            .description("embedded-chunk records consumed")
            .register(meters);
    this.poison =
        Counter.builder("rag.retrieval.records.dead-lettered")
            .description("undecodable records sent to the DLQ")
            .register(meters);
    this.indexed =
        Counter.builder("rag.retrieval.chunks.indexed")
            .description("chunks newly indexed")
            .register(meters);
    this.stale =
        Counter.builder("rag.retrieval.chunks.stale")
            .description("chunks skipped: an older version than indexed, or deleted")
            .register(meters);
    this.failed =
        Counter.builder("rag.retrieval.chunks.failed")
            .description("chunks rejected (vector space mismatch)")
            .register(meters);
    this.batches =
        Timer.builder("rag.retrieval.batch.duration")
            .description("apply + commit of one batch")
            .register(meters);
  }

  @KafkaListener(
      id = "embedded-chunks",
      topics = "${rag.retrieval.embedded-chunks-topic}",
      groupId = "${rag.retrieval.consumer-group}",
      batch = "true",
      concurrency = "1")
  public void onBatch(List<ConsumerRecord<String, byte[]>> batch) {
    observations.observe(batch, scopes -> index(batch, scopes));
  }

  private void index(List<ConsumerRecord<String, byte[]>> batch, BatchObservations.Scopes scopes) {
    records.increment(batch.size());
    List<EmbeddedChunkEvent> events = new ArrayList<>(batch.size());
    Map<String, ConsumerRecord<String, byte[]>> lastRecordOf = new HashMap<>();
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : batch) {
      try {
        EmbeddedChunkEvent event = EventJson.read(record.value(), EmbeddedChunkEvent.class);
        events.add(event);
        lastRecordOf.put(event.documentId(), record);
      } catch (MalformedEventException e) {
        deadLetter(record, e);
      }
      offsets.merge(
          new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max);
    }
    ChunkIndexer.Result result = batches.record(() -> indexer.apply(events, offsets));
    indexed.increment(result.newChunks());
    stale.increment(result.staleChunks());
    failed.increment(result.failedChunks());
    publish(result.events(), lastRecordOf, scopes);
    log.debug(
        "indexed batch: {} records, {} new chunks, {} stale, {} failed, offsets {}",
        batch.size(),
        result.newChunks(),
        result.staleChunks(),
        result.failedChunks(),
        offsets);
  }

  private void deadLetter(ConsumerRecord<String, byte[]> record, MalformedEventException e) {
    // Returns once the broker has it (throws if the send fails), so a poison record is never
    // committed past without being in the DLQ.
    deadLetters.skip(record, e);
    poison.increment();
  }

  private void publish(
      List<IndexEvent> events,
      Map<String, ConsumerRecord<String, byte[]>> lastRecordOf,
      BatchObservations.Scopes scopes) {
    List<CompletableFuture<?>> sends = new ArrayList<>(events.size());
    for (IndexEvent event : events) {
      ConsumerRecord<String, byte[]> source = lastRecordOf.get(event.documentId());
      sends.add(
          source == null
              ? publisher.publish(indexEventsTopic, event.documentId(), event)
              : scopes.within(
                  source, () -> publisher.publish(indexEventsTopic, event.documentId(), event)));
    }
    try {
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
          .get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // The batch is committed; a retry would not re-publish (nothing is new any more).
      log.error("could not publish {} index events: {}", events.size(), e.getMessage());
    }
  }

  @Override
  public void onPartitionsAssigned(
      Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
    Map<TopicPartition, Long> resume = indexer.resumeOffsets();
    for (TopicPartition partition : assignments.keySet()) {
      Long offset = resume.get(partition);
      if (offset == null) {
        callback.seekToBeginning(List.of(partition));
      } else {
        callback.seek(partition.topic(), partition.partition(), offset);
      }
    }
    log.info("assigned {}; resuming from index offsets {}", assignments.keySet(), resume);
  }
}
