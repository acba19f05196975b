package dev.rag.eval.ingestion;

import dev.rag.contracts.events.DocumentEvent;
import dev.rag.contracts.events.SchemaVersions;
import dev.rag.contracts.json.JsonSerde;
import dev.rag.contracts.topics.Topics;
import dev.rag.eval.beir.CorpusDocument;
import dev.rag.eval.beir.CorpusReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes corpus documents on {@code rag.documents} as a producer application would. Every
 * document is version 1: re-publishing the same corpus is recognised by ingest-service as the same
 * content (unchanged) and costs no re-indexing. The producer is idempotent with {@code acks=all}
 * (Kafka's defaults), and every send is checked: one lost document would make the wait for indexing
 * end in its timeout instead of an error naming the cause.
 */
public final class CorpusPublisher {

  /** The document version every evaluation publishes. */
  static final long VERSION = 1;

  private final String bootstrap;
  private final String topic;

  /** Publishes to {@code rag.documents}, where ingest-service listens. */
  public CorpusPublisher(String bootstrap) {
    this(bootstrap, Topics.DOCUMENTS);
  }

  /**
   * @param bootstrap Kafka bootstrap servers, e.g. {@code 127.0.0.1:9092}
   * @param topic the topic ingest-service consumes ({@code rag.documents}; tests use their own)
   */
  public CorpusPublisher(String bootstrap, String topic) {
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException("Kafka bootstrap servers must not be blank");
    }
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("topic must not be blank");
    }
    this.bootstrap = bootstrap;
    this.topic = topic;
  }

  /** The event for one corpus document, keyed (by the caller) on its id. */
  static DocumentEvent.Upsert event(CorpusDocument document, String dataset, String collection) {
    return new DocumentEvent.Upsert(
        SchemaVersions.CURRENT,
        document.id(),
        VERSION,
        collection,
        document.title(),
        "beir:" + dataset + "/" + document.id(),
        "text/plain",
        document.ingestText(),
        null,
        Map.of());
  }

  /**
   * Publishes every document of {@code corpus} that {@code include} accepts; returns how many.
   *
   * @throws IOException when the corpus cannot be read or any send failed
   */
  public int publish(
      Path corpus, String dataset, String collection, Predicate<String> include, PrintStream err)
      throws IOException {
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<Exception> firstFailure = new AtomicReference<>();
    try (var producer =
        new KafkaProducer<>(
            config(), new StringSerializer(), new JsonSerde<>(DocumentEvent.class))) {
      producer.partitionsFor(topic); // fails within max.block.ms when Kafka is unreachable
      CorpusReader.read(
          corpus,
          document -> {
            if (!include.test(document.id())) {
              return;
            }
            if (firstFailure.get() != null) {
              throw new AbortedPublishing(firstFailure.get());
            }
            producer.send(
                new ProducerRecord<>(topic, document.id(), event(document, dataset, collection)),
                (metadata, error) -> {
                  if (error != null) {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, error);
                  }
                });
            if (sent.incrementAndGet() % 1000 == 0) {
              err.printf("published %d documents to %s%n", sent.get(), topic);
            }
          });
      producer.flush();
    } catch (AbortedPublishing e) {
      // the first failure is reported below, with the count
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new IOException("cannot publish to Kafka at " + bootstrap + ": " + e.getMessage(), e);
    }
    if (failed.get() > 0) {
      throw new IOException(
          failed.get()
              + " of "
              + sent.get()
              + " documents were not published to "
              + topic
              + " at "
              + bootstrap
              + ": "
              + firstFailure.get().getMessage(),
          firstFailure.get());
    }
    return sent.get();
  }

  /** Stops reading the corpus once a send has failed: the rest would fail alike, slowly. */
  private static final class AbortedPublishing extends RuntimeException {
    AbortedPublishing(Exception cause) {
      super(cause);
    }
  }

  private Properties config() {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "rag-eval");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    // An unreachable broker fails the first send after 30 s instead of Kafka's default minute.
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    return config;
  }
}
