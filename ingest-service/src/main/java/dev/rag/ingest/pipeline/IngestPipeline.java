package dev.rag.ingest.pipeline;

import dev.rag.contracts.events.Chunk;
import dev.rag.contracts.events.ChunkEvent;
import dev.rag.contracts.events.SchemaVersions;
import dev.rag.contracts.json.EventJson;
import dev.rag.contracts.topics.Topics;
import dev.rag.encoders.chunking.DocumentChunker;
import dev.rag.encoders.chunking.TextChunk;
import dev.rag.ingest.config.IngestProperties;
import dev.rag.ingest.jobs.ItemStatus;
import dev.rag.ingest.jobs.JobStore;
import dev.rag.ingest.parsing.DocumentParser;
import dev.rag.ingest.parsing.ParsedDocument;
import dev.rag.ingest.parsing.UnparseableDocumentException;
import dev.rag.ingest.registry.DocumentRegistry;
import dev.rag.ingest.registry.VersionClaim;
import dev.rag.support.kafka.EventPublisher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ingests one document. Bad content ends as a FAILED item with the reason (and is returned, so the
 * Kafka path can dead-letter the record); infrastructure failures (database, broker) are thrown, so
 * the caller retries or fails the item as its path requires.
 */
@Component
public class IngestPipeline {

  private static final Logger log = LoggerFactory.getLogger(IngestPipeline.class);

  private final DocumentParser parser;
  private final DocumentChunker chunker;
  private final DocumentRegistry registry;
  private final JobStore jobs;
  private final EventPublisher publisher;
  private final IngestMetrics metrics;
  private final IngestProperties properties;

  public IngestPipeline(
      DocumentParser parser,
      DocumentChunker chunker,
      DocumentRegistry registry,
      JobStore jobs,
      EventPublisher publisher,
      IngestMetrics metrics,
      IngestProperties properties) {
    this.parser = parser;
    this.chunker = chunker;
    this.registry = registry;
    this.jobs = jobs;
    this.publisher = publisher;
    this.metrics = metrics;
    this.properties = properties;
  }

  public IngestOutcome ingest(IngestWork work) {
    String hash = fingerprint(work);
    if (registry.unchanged(work.collection(), work.documentId(), hash, work.jobId())) {
      long stored = registry.find(work.collection(), work.documentId()).orElseThrow().version();
      return finish(work, ItemStatus.UNCHANGED, stored, null);
    }
    ParsedDocument parsed;
    List<TextChunk> chunks;
    try {
      record Parsed(ParsedDocument document, List<TextChunk> chunks) {}
      Parsed result =
          metrics.timeParse(
              work.contentType(),
              () -> {
                ParsedDocument document =
                    parser.parse(work.content(), work.contentType(), work.fileName());
                return new Parsed(document, chunker.chunk(document.structure()));
              });
      parsed = result.document();
      chunks = result.chunks();
      if (chunks.isEmpty()) {
        throw new UnparseableDocumentException(
            UnparseableDocumentException.Kind.NO_TEXT, "no text could be extracted");
      }
    } catch (UnparseableDocumentException e) {
      return fail(work, e);
    } catch (OutOfMemoryError e) {
      // Everything the parse allocated died with its frames, so the service can go on; this
      // document cannot, and is failed (and, on the Kafka path, dead-lettered) like bad input.
      log.error(
          "out of memory parsing {} in {} (job {})",
          work.documentId(),
          work.collection(),
          work.jobId(),
          e);
      return fail(
          work,
          new UnparseableDocumentException(
              UnparseableDocumentException.Kind.TOO_LARGE,
              "the service ran out of memory parsing it; lower rag.ingest.max-decompressed-size or"
                  + " rag.ingest.max-extracted-chars, or give the service more memory",
              e));
    } catch (StackOverflowError e) {
      log.error(
          "stack overflow parsing {} in {} (job {})",
          work.documentId(),
          work.collection(),
          work.jobId(),
          e);
      return fail(
          work,
          new UnparseableDocumentException(
              UnparseableDocumentException.Kind.CORRUPT,
              "the document is nested too deeply to parse",
              e));
    }
    String title = work.title() != null && !work.title().isBlank() ? work.title() : parsed.title();
    VersionClaim claim =
        registry.claim(
            new DocumentRegistry.Incoming(
                work.collection(),
                work.documentId(),
                hash,
                work.version(),
                work.jobId(),
                title,
                work.sourceUri(),
                parsed.contentType(),
                chunks.size()));
    if (!claim.publish()) {
      ItemStatus status =
          claim.outcome() == VersionClaim.Outcome.UNCHANGED
              ? ItemStatus.UNCHANGED
              : ItemStatus.SKIPPED;
      return finish(work, status, claim.version(), claim.reason());
    }
    jobs.publishing(work.jobId(), work.item(), claim.version(), chunks.size());
    publish(work, parsed, title, claim.version(), chunks);
    jobs.published(work.jobId(), work.item());
    metrics.document("published");
    metrics.chunks(chunks.size());
    log.info(
        "published {} chunks of {} v{} in {} (job {})",
        chunks.size(),
        work.documentId(),
        claim.version(),
        work.collection(),
        work.jobId());
    return new IngestOutcome(ItemStatus.PUBLISHED, claim.version(), chunks.size(), null);
  }

  /**
   * What decides "unchanged": the content's SHA-256, combined with the metadata when there is any,
   * so that uploading the same file with new metadata is a new version (its chunks carry it).
   */
  static String fingerprint(IngestWork work) {
    String content = work.content().sha256();
    if (work.metadata().isEmpty()) {
      return content;
    }
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      digest.update(content.getBytes(StandardCharsets.UTF_8));
      digest.update(EventJson.write(new TreeMap<>(work.metadata())));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Sends every chunk and waits for all acknowledgements: PUBLISHED means on the broker. */
  private void publish(
      IngestWork work, ParsedDocument parsed, String title, long version, List<TextChunk> chunks) {
    List<CompletableFuture<?>> sends = new ArrayList<>(chunks.size());
    for (TextChunk chunk : chunks) {
      Chunk payload =
          new Chunk(
              chunk.text(),
              title,
              work.sourceUri(),
              chunk.sectionPath(),
              chunk.page(),
              chunk.start(),
              chunk.end(),
              chunk.tokenCount(),
              metadata(work, parsed, chunk));
      ChunkEvent.Upsert event =
          new ChunkEvent.Upsert(
              SchemaVersions.CURRENT,
              work.jobId(),
              work.documentId(),
              work.collection(),
              version,
              chunk.ordinal(),
              chunks.size(),
              payload);
      sends.add(publisher.publish(Topics.CHUNKS, work.documentId(), event));
    }
    try {
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
          .get(properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing chunks", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "could not publish chunks of "
              + work.documentId()
              + " to "
              + Topics.CHUNKS
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static Map<String, String> metadata(
      IngestWork work, ParsedDocument parsed, TextChunk chunk) {
    Map<String, String> metadata = new HashMap<>(work.metadata());
    metadata.put("contentType", parsed.contentType());
    if (work.fileName() != null) {
      metadata.put("fileName", work.fileName());
    }
    if (chunk.lastPage() != null && !chunk.lastPage().equals(chunk.page())) {
      metadata.put("lastPage", chunk.lastPage().toString());
    }
    return metadata;
  }

  private IngestOutcome fail(IngestWork work, UnparseableDocumentException e) {
    String reason = (work.fileName() != null ? work.fileName() + ": " : "") + e.getMessage();
    jobs.finish(work.jobId(), work.item(), ItemStatus.FAILED, null, reason);
    metrics.failure(e.kind().name().toLowerCase(Locale.ROOT));
    metrics.document("failed");
    log.warn(
        "cannot ingest {} in {} (job {}): {}",
        work.documentId(),
        work.collection(),
        work.jobId(),
        reason);
    return new IngestOutcome(ItemStatus.FAILED, null, 0, e);
  }

  private IngestOutcome finish(IngestWork work, ItemStatus status, long version, String reason) {
    jobs.finish(work.jobId(), work.item(), status, version, reason);
    metrics.document(status.name().toLowerCase(Locale.ROOT));
    return new IngestOutcome(status, version, 0, null);
  }
}
