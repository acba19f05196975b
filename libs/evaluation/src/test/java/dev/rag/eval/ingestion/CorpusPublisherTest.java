package dev.rag.eval.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.contracts.events.DocumentEvent;
import dev.rag.contracts.json.EventJson;
import dev.rag.eval.beir.Fixtures;
import dev.rag.testing.Infrastructure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** Publishes a fixture corpus to a topic of its own on the real broker and reads it back. */
class CorpusPublisherTest {

  @Test
  void publishesEachIncludedDocumentAsAnUpsertKeyedByItsId() throws Exception {
    String bootstrap = Infrastructure.kafkaBootstrap();
    String topic = "rag.eval-test-" + UUID.randomUUID();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
      try {
        int published =
            new CorpusPublisher(bootstrap, topic)
                .publish(
                    Fixtures.tiny().corpus(),
                    "tiny",
                    "eval-tiny-01234567",
                    id -> !id.equals("d2"),
                    new PrintStream(new ByteArrayOutputStream()));
        assertThat(published).isEqualTo(3);

        Map<String, DocumentEvent> received = readBack(bootstrap, topic, 3);
        assertThat(received).containsOnlyKeys("d1", "d3", "4");
        DocumentEvent.Upsert d1 = (DocumentEvent.Upsert) received.get("d1");
        assertThat(d1.documentId()).isEqualTo("d1");
        assertThat(d1.collection()).isEqualTo("eval-tiny-01234567");
        assertThat(d1.version()).isEqualTo(1);
        assertThat(d1.title()).isEqualTo("Aspirin and headaches");
        assertThat(d1.contentType()).isEqualTo("text/plain");
        assertThat(d1.text())
            .isEqualTo(
                "Aspirin and headaches\n\nAspirin relieves tension headaches in most adults.");
        assertThat(d1.sourceUri()).isEqualTo("beir:tiny/d1");
      } finally {
        admin.deleteTopics(List.of(topic)).all().get();
      }
    }
  }

  private static Map<String, DocumentEvent> readBack(String bootstrap, String topic, int expected) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-reader");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Map<String, DocumentEvent> received = new LinkedHashMap<>();
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (received.size() < expected && System.nanoTime() < deadline) {
        consumer
            .poll(Duration.ofMillis(500))
            .forEach(r -> received.put(r.key(), EventJson.read(r.value(), DocumentEvent.class)));
      }
    }
    return received;
  }
}
