package dev.rag.ingest.jobs;

import dev.rag.contracts.events.IndexEvent;
import dev.rag.contracts.json.EventJson;
import dev.rag.contracts.json.MalformedEventException;
import dev.rag.contracts.topics.Topics;
import dev.rag.ingest.config.IngestProperties;
import dev.rag.ingest.registry.DocumentRegistry;
import dev.rag.support.kafka.BatchObservations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Learns job progress from {@code rag.index-events} alone (DESIGN: never from the vector topic,
 * whose records carry text and vectors only to be counted here), with its own consumer group, in
 * batches: the events of a poll are merged per document version and applied in one transaction, one
 * row update per document version and one job refresh per job. A record it cannot read is logged
 * and counted, not dead-lettered: progress is a report, not the data path.
 */
@Component
class ProgressListener {

  /**
   * Consumer group of the progress listener (separate from the data-path consumers): {@code
   * rag.ingest.progress-group}.
   */
  static final String GROUP = "${rag.ingest.progress-group:ingest-service-progress}";

  private static final Logger log = LoggerFactory.getLogger(ProgressListener.class);

  private final JobStore jobs;
  private final DocumentRegistry registry;
  private final TransactionTemplate tx;
  private final Counter unreadable;
  private final BatchObservations observations;

  ProgressListener(
      JobStore jobs,
      DocumentRegistry registry,
      TransactionTemplate tx,
      MeterRegistry meters,
      ObservationRegistry observationRegistry,
      IngestProperties properties) {
    this.jobs = jobs;
    this.registry = registry;
    this.tx = tx;
    // Each event's span continues its upload's trace: the last Kafka hop of an upload.
    this.observations = new BatchObservations(observationRegistry, properties.progressGroup());
    this.unreadable =
        Counter.builder("rag.ingest.progress.unreadable")
            .description("Records on rag.index-events that could not be read")
            .register(meters);
  }

  @KafkaListener(topics = Topics.INDEX_EVENTS, groupId = GROUP, batch = "true")
  void onIndexed(List<ConsumerRecord<String, byte[]>> records) {
    observations.observe(records, scopes -> apply(records));
  }

  private void apply(List<ConsumerRecord<String, byte[]>> records) {
    List<IndexEvent> events = new ArrayList<>(records.size());
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        events.add(EventJson.read(record.value(), IndexEvent.class));
      } catch (MalformedEventException e) {
        unreadable(record, e);
      }
    }
    List<IndexEvent> merged = merge(events);
    if (merged.isEmpty()) {
      return;
    }
    // One transaction: whoever sees a job finished also sees its documents' new status.
    tx.executeWithoutResult(
        status -> {
          for (JobStore.Finished finished : jobs.indexed(merged)) {
            IndexEvent event = finished.event();
            switch (finished.status()) {
              case INDEXED ->
                  registry.indexed(event.collection(), event.documentId(), event.version());
              case FAILED ->
                  registry.failed(event.collection(), event.documentId(), event.version());
              default -> {}
            }
          }
        });
  }

  /**
   * One event per job, document, version and kind: chunk counts added, totals at their maximum
   * (totals only grow within a version), the last failure reason kept. Order of first appearance is
   * kept, so a document's INDEXED still precedes its later DELETED.
   */
  static List<IndexEvent> merge(List<IndexEvent> events) {
    record Key(
        String jobId, String collection, String documentId, long version, IndexEvent.Kind kind) {}
    Map<Key, IndexEvent> merged = new LinkedHashMap<>();
    for (IndexEvent event : events) {
      Key key =
          new Key(
              event.jobId(), event.collection(), event.documentId(), event.version(), event.kind());
      merged.merge(
          key,
          event,
          (a, b) ->
              new IndexEvent(
                  b.schemaVersion(),
                  b.jobId(),
                  b.documentId(),
                  b.collection(),
                  b.version(),
                  b.kind(),
                  a.chunks() + b.chunks(),
                  Math.max(a.indexEpoch(), b.indexEpoch()),
                  b.reason() != null ? b.reason() : a.reason(),
                  b.at(),
                  max(a.indexedTotal(), b.indexedTotal()),
                  max(a.chunkCount(), b.chunkCount())));
    }
    return List.copyOf(merged.values());
  }

  private static Integer max(Integer a, Integer b) {
    return a == null ? b : b == null ? a : Math.max(a, b);
  }

  private void unreadable(ConsumerRecord<String, byte[]> record, MalformedEventException e) {
    unreadable.increment();
    log.warn(
        "skipping unreadable record {}-{}@{}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        e.getMessage());
  }
}
