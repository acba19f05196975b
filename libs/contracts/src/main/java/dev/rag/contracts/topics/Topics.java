package dev.rag.contracts.topics;

import java.util.List;

/**
 * Kafka topics of the platform. Every record about a document is keyed by its document id, so one
 * document's events stay ordered on one partition from ingest to index.
 */
public final class Topics {

  /** Inbound documents from producers (upserts and deletes), consumed by ingest-service. */
  public static final String DOCUMENTS = "rag.documents";

  /** Parsed and chunked text, ingest-service → embedding-service. */
  public static final String CHUNKS = "rag.chunks";

  /** Chunks with their vectors, embedding-service → retrieval-service. */
  public static final String EMBEDDED_CHUNKS = "rag.embedded-chunks";

  /** Progress acknowledgements and index epochs, retrieval-service → ingest-service, gateway. */
  public static final String INDEX_EVENTS = "rag.index-events";

  /** Suffix of the dead-letter twin each consumed topic has. */
  public static final String DLQ_SUFFIX = ".dlq";

  private Topics() {}

  /** The dead-letter topic for records of {@code topic} that could not be processed. */
  public static String dlq(String topic) {
    if (topic == null || topic.isBlank() || topic.endsWith(DLQ_SUFFIX)) {
      throw new IllegalArgumentException("not a consumable topic: " + topic);
    }
    return topic + DLQ_SUFFIX;
  }

  /** Every topic the platform uses, dead-letter twins included, for provisioning. */
  public static List<String> all() {
    return List.of(
        DOCUMENTS, dlq(DOCUMENTS),
        CHUNKS, dlq(CHUNKS),
        EMBEDDED_CHUNKS, dlq(EMBEDDED_CHUNKS),
        INDEX_EVENTS, dlq(INDEX_EVENTS));
  }
}
