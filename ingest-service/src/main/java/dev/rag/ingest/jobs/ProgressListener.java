package dev.rag.ingest.jobs;

import dev.rag.contracts.events.EmbeddedChunkEvent;
import dev.rag.contracts.events.IndexEvent;
import dev.rag.contracts.json.EventJson;
import dev.rag.contracts.json.MalformedEventException;
import dev.rag.contracts.topics.Topics;
import dev.rag.ingest.registry.DocumentRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Follows the downstream topics with its own consumer group to count "embedded" and "indexed". A
 * record it cannot read is logged and counted, not dead-lettered: the topic's owner
 * (retrieval-service) already sends it to the DLQ, and progress is a report, not the data path.
 */
@Component
class ProgressListener {

  /** Consumer group of the progress listeners (separate from the data-path consumers). */
  static final String GROUP = "ingest-service-progress";

  private static final Logger log = LoggerFactory.getLogger(ProgressListener.class);

  private final JobStore jobs;
  private final DocumentRegistry registry;
  private final TransactionTemplate tx;
  private final Counter unreadable;

  ProgressListener(
      JobStore jobs, DocumentRegistry registry, TransactionTemplate tx, MeterRegistry meters) {
    this.jobs = jobs;
    this.registry = registry;
    this.tx = tx;
    this.unreadable =
        Counter.builder("rag.ingest.progress.unreadable")
            .description("Records on rag.embedded-chunks / rag.index-events that could not be read")
            .register(meters);
  }

  @KafkaListener(topics = Topics.EMBEDDED_CHUNKS, groupId = GROUP)
  void onEmbedded(ConsumerRecord<String, byte[]> record) {
    EmbeddedChunkEvent event;
    try {
      event = EventJson.read(record.value(), EmbeddedChunkEvent.class);
    } catch (MalformedEventException e) {
      unreadable(record, e);
      return;
    }
    if (event instanceof EmbeddedChunkEvent.Upsert upsert) {
      jobs.embedded(
          upsert.jobId(), upsert.documentId(), upsert.version(), upsert.chunkId().toString());
    }
  }

  @KafkaListener(topics = Topics.INDEX_EVENTS, groupId = GROUP)
  void onIndexed(ConsumerRecord<String, byte[]> record) {
    IndexEvent event;
    try {
      event = EventJson.read(record.value(), IndexEvent.class);
    } catch (MalformedEventException e) {
      unreadable(record, e);
      return;
    }
    // One transaction: whoever sees the job finished also sees the document's new status.
    tx.executeWithoutResult(
        status ->
            jobs.indexed(event)
                .ifPresent(
                    finished -> {
                      switch (finished) {
                        case INDEXED ->
                            registry.indexed(
                                event.collection(), event.documentId(), event.version());
                        case FAILED ->
                            registry.failed(
                                event.collection(), event.documentId(), event.version());
                        default -> {}
                      }
                    }));
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
