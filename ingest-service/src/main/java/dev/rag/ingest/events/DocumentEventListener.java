package dev.rag.ingest.events;

import dev.rag.contracts.events.DocumentEvent;
import dev.rag.contracts.json.EventJson;
import dev.rag.contracts.json.MalformedEventException;
import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.topics.Topics;
import dev.rag.ingest.collections.CollectionRegistry;
import dev.rag.ingest.config.IngestProperties;
import dev.rag.ingest.jobs.JobItem;
import dev.rag.ingest.jobs.JobStore;
import dev.rag.ingest.parsing.ContentTypes;
import dev.rag.ingest.parsing.DocumentContent;
import dev.rag.ingest.parsing.UnparseableDocumentException;
import dev.rag.ingest.pipeline.DocumentDeletion;
import dev.rag.ingest.pipeline.IngestMetrics;
import dev.rag.ingest.pipeline.IngestOutcome;
import dev.rag.ingest.pipeline.IngestPipeline;
import dev.rag.ingest.pipeline.IngestWork;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.tika.mime.MediaType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Ingests producer records synchronously on the listener thread (the record is already in memory).
 * Bad input throws an exception the shared error handler does not retry, so the record lands in the
 * DLQ with the reason in its headers; database or broker failures are retried.
 */
@Component
class DocumentEventListener {

  private static final Logger log = LoggerFactory.getLogger(DocumentEventListener.class);

  /** Consumer group of the producer path. */
  static final String GROUP = "ingest-service";

  private final JobStore jobs;
  private final CollectionRegistry collections;
  private final IngestPipeline pipeline;
  private final DocumentDeletion deletion;
  private final ContentTypes contentTypes;
  private final IngestMetrics metrics;
  private final IngestProperties properties;

  DocumentEventListener(
      JobStore jobs,
      CollectionRegistry collections,
      IngestPipeline pipeline,
      DocumentDeletion deletion,
      ContentTypes contentTypes,
      IngestMetrics metrics,
      IngestProperties properties) {
    this.jobs = jobs;
    this.collections = collections;
    this.pipeline = pipeline;
    this.deletion = deletion;
    this.contentTypes = contentTypes;
    this.metrics = metrics;
    this.properties = properties;
  }

  @KafkaListener(topics = Topics.DOCUMENTS, groupId = GROUP)
  void onDocument(ConsumerRecord<String, byte[]> record) {
    DocumentEvent event;
    try {
      event = EventJson.read(record.value(), DocumentEvent.class);
      CollectionRegistry.validName(event.collection());
    } catch (MalformedEventException e) {
      metrics.failure("malformed_record");
      metrics.deadLetter();
      throw e;
    } catch (ApiException e) {
      metrics.failure("malformed_record");
      metrics.deadLetter();
      throw new MalformedEventException("not a valid DocumentEvent: " + e.getMessage(), e);
    }
    switch (event) {
      case DocumentEvent.Upsert upsert -> upsert(upsert);
      case DocumentEvent.Delete delete ->
          deletion.deleteUpTo(
              delete.collection(),
              delete.documentId(),
              delete.version(),
              jobId("delete", delete.collection(), delete.documentId(), delete.version()));
    }
  }

  private void upsert(DocumentEvent.Upsert event) {
    String jobId = jobId("upsert", event.collection(), event.documentId(), event.version());
    String contentType = contentType(event);
    JobItem item =
        jobs.createIfAbsent(
            jobId,
            event.collection(),
            JobStore.PRODUCER,
            JobItem.pending(
                0, event.documentId(), JobItem.UPSERT, null, contentType, null, event.version()));
    if (item.status().finished() || item.status() == dev.rag.ingest.jobs.ItemStatus.PUBLISHED) {
      return; // redelivered after it was done
    }
    collections.ensure(event.collection());
    DocumentContent content =
        event.text() != null
            ? new DocumentContent.Bytes(event.text().getBytes(StandardCharsets.UTF_8))
            : new DocumentContent.Bytes(event.bytes());
    if (content.size() > properties.maxUploadSize().toBytes()) {
      var tooLarge =
          new UnparseableDocumentException(
              UnparseableDocumentException.Kind.TOO_LARGE,
              "content has "
                  + content.size()
                  + " bytes; the limit is "
                  + properties.maxUploadSize());
      jobs.finish(jobId, 0, dev.rag.ingest.jobs.ItemStatus.FAILED, null, tooLarge.getMessage());
      metrics.failure("too_large");
      metrics.deadLetter();
      throw tooLarge;
    }
    IngestOutcome outcome;
    try {
      if (contentType == null) {
        contentType = contentTypes.detect(content, event.title());
      }
      outcome =
          pipeline.ingest(
              new IngestWork(
                  jobId,
                  0,
                  event.collection(),
                  event.documentId(),
                  event.version(),
                  null,
                  contentType,
                  content,
                  event.title(),
                  event.sourceUri(),
                  event.metadata()));
    } catch (Error e) {
      // An Error escaping a listener stops its container, and every later record would wait
      // behind this one. Fail the item and dead-letter the record at once (a retry would only
      // meet the same Error).
      log.error("ingesting record {} (job {}) failed", event.documentId(), jobId, e);
      String reason =
          e instanceof OutOfMemoryError
              ? "the service ran out of memory ingesting it"
              : "internal error: " + e.getMessage();
      jobs.finish(jobId, 0, dev.rag.ingest.jobs.ItemStatus.FAILED, null, reason);
      metrics.failure("internal");
      metrics.deadLetter();
      throw new UnparseableDocumentException(
          e instanceof OutOfMemoryError
              ? UnparseableDocumentException.Kind.TOO_LARGE
              : UnparseableDocumentException.Kind.CORRUPT,
          reason,
          e);
    }
    if (outcome.failure() != null) {
      metrics.deadLetter();
      throw outcome.failure();
    }
  }

  /**
   * The declared type; for {@code text} (a JSON string, already Unicode, re-encoded here as UTF-8)
   * any declared charset is dropped. Null when bytes come without a type: detect them.
   */
  private static String contentType(DocumentEvent.Upsert event) {
    String declared = event.contentType();
    if (event.text() != null) {
      MediaType type = declared == null ? null : MediaType.parse(declared);
      return type == null ? ContentTypes.TEXT : type.getBaseType().toString();
    }
    return declared == null || declared.isBlank() ? null : declared;
  }

  /** Derived from what the record is about, so redelivery finds the same job. */
  static String jobId(String operation, String collection, String documentId, long version) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (operation + "\u0000" + collection + "\u0000" + documentId + "\u0000" + version)
                      .getBytes(StandardCharsets.UTF_8));
      return "doc-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
