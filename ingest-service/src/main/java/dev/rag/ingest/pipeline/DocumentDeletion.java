package dev.rag.ingest.pipeline;

import dev.rag.contracts.events.ChunkEvent;
import dev.rag.contracts.events.SchemaVersions;
import dev.rag.contracts.topics.Topics;
import dev.rag.ingest.config.IngestProperties;
import dev.rag.ingest.jobs.JobItem;
import dev.rag.ingest.jobs.JobStore;
import dev.rag.ingest.registry.DocumentRegistry;
import dev.rag.support.kafka.EventPublisher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Deletes a document: the registry marks it deleted (keeping its version, so older producer
 * versions stay stale) and a {@link ChunkEvent.Delete} travels the chunk path, so embedding-service
 * passes it on and retrieval-service removes it from both indexes. The job finishes when retrieval
 * acknowledges with an {@code IndexEvent} of kind DELETED.
 */
@Component
public class DocumentDeletion {

  private static final Logger log = LoggerFactory.getLogger(DocumentDeletion.class);

  private final DocumentRegistry registry;
  private final JobStore jobs;
  private final EventPublisher publisher;
  private final IngestMetrics metrics;
  private final IngestProperties properties;

  public DocumentDeletion(
      DocumentRegistry registry,
      JobStore jobs,
      EventPublisher publisher,
      IngestMetrics metrics,
      IngestProperties properties) {
    this.registry = registry;
    this.jobs = jobs;
    this.publisher = publisher;
    this.metrics = metrics;
    this.properties = properties;
  }

  /** Deletes the current version; empty when the document is unknown or already deleted. */
  public Optional<Long> delete(String collection, String documentId, String jobId) {
    Optional<Long> version = registry.delete(collection, documentId, jobId);
    version.ifPresent(
        v -> {
          jobs.create(
              jobId,
              collection,
              JobStore.DELETE,
              List.of(JobItem.pending(0, documentId, JobItem.DELETE, null, null, null, v)));
          publish(jobId, collection, documentId, v);
        });
    return version;
  }

  /** A producer's delete of every version up to {@code version}; redelivery is harmless. */
  public void deleteUpTo(String collection, String documentId, long version, String jobId) {
    var item =
        jobs.createIfAbsent(
            jobId,
            collection,
            JobStore.PRODUCER,
            JobItem.pending(0, documentId, JobItem.DELETE, null, null, null, version));
    if (item.status().finished()) {
      return;
    }
    registry.deleteUpTo(collection, documentId, version, jobId);
    publish(jobId, collection, documentId, version);
  }

  /**
   * Sends the delete events of a job's items (one per document, keyed by document id so each
   * follows that document's earlier records) and marks them published once the broker has all.
   * Deletes are idempotent downstream, so sending one again after a crash is harmless.
   */
  public void publishAll(String jobId, String collection, List<JobItem> items) {
    List<CompletableFuture<?>> sends = new ArrayList<>();
    for (JobItem item : items) {
      var event =
          new ChunkEvent.Delete(
              SchemaVersions.CURRENT, jobId, item.documentId(), collection, item.version());
      sends.add(publisher.publish(Topics.CHUNKS, item.documentId(), event));
    }
    try {
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
          .get(properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing deletes", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "could not publish the deletes of job " + jobId + ": " + e.getMessage(), e);
    }
    jobs.publishedAll(jobId);
    items.forEach(item -> metrics.document("deleted"));
  }

  /**
   * Sends again the deletes a restart interrupted (their registry change is committed, their event
   * may not be on the broker), so a deleted document or collection never stays in the indexes.
   */
  @EventListener(ApplicationReadyEvent.class)
  public void resume() {
    var byJob =
        jobs.unfinishedDeletes().stream()
            .collect(
                Collectors.groupingBy(JobItem::jobId, LinkedHashMap::new, Collectors.toList()));
    byJob.forEach(
        (jobId, items) ->
            jobs.collectionOf(jobId)
                .ifPresent(
                    collection -> {
                      try {
                        publishAll(jobId, collection, items);
                        log.info("resent {} deletes of job {}", items.size(), jobId);
                      } catch (RuntimeException e) {
                        // The items stay unfinished, so the next start tries again.
                        log.error(
                            "could not resend the deletes of job {}: {}", jobId, e.getMessage());
                      }
                    }));
  }

  private void publish(String jobId, String collection, String documentId, long version) {
    jobs.publishing(jobId, 0, version, 0);
    var event =
        new ChunkEvent.Delete(SchemaVersions.CURRENT, jobId, documentId, collection, version);
    try {
      publisher
          .publish(Topics.CHUNKS, documentId, event)
          .get(properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing a delete", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "could not publish the delete of " + documentId + ": " + e.getMessage(), e);
    }
    jobs.published(jobId, 0);
    metrics.document("deleted");
  }
}
