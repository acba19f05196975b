package dev.rag.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.contracts.json.MalformedEventException;
import dev.rag.testing.Infrastructure;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** Against the real broker: what a dead-lettered record carries, and that a lost send is loud. */
class DeadLettersTest {

  @Test
  void skippedRecordLandsInItsDlqTwinWithTheReasonButNoStackTrace() {
    String topic = "support.dead-letters." + UUID.randomUUID();
    var record =
        new ConsumerRecord<>(
            topic, 0, 42L, "doc-7", "{\"not\":\"an event\"".getBytes(StandardCharsets.UTF_8));
    KafkaTemplate<String, byte[]> template = template(Infrastructure.kafkaBootstrap());
    try {
      new DeadLetters(template).skip(record, new MalformedEventException("truncated JSON"));
    } finally {
      template.destroy();
    }

    ConsumerRecord<String, byte[]> dead = readOne(topic + ".dlq");
    assertThat(dead.key()).isEqualTo("doc-7");
    assertThat(dead.value()).isEqualTo(record.value());
    assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(topic);
    assertThat(header(dead, "kafka_dlt-exception-fqcn"))
        .isEqualTo(MalformedEventException.class.getName());
    assertThat(header(dead, "kafka_dlt-exception-message")).contains("truncated JSON");
    assertThat(dead.headers().lastHeader("kafka_dlt-exception-stacktrace")).isNull();
    assertThat(dead.headers()).extracting(Header::key).noneMatch(key -> key.contains("stacktrace"));
  }

  @Test
  void aSendTheBrokerNeverAcknowledgesThrowsInsteadOfDroppingTheRecord() throws IOException {
    KafkaTemplate<String, byte[]> template = template("127.0.0.1:" + closedPort());
    var record = new ConsumerRecord<>("support.unreachable", 0, 0L, "k", new byte[] {1});
    try {
      assertThatThrownBy(
              () -> new DeadLetters(template).skip(record, new MalformedEventException("bad")))
          .isInstanceOf(RuntimeException.class);
    } finally {
      template.destroy();
    }
  }

  private static KafkaTemplate<String, byte[]> template(String bootstrap) {
    return new KafkaTemplate<>(
        new DefaultKafkaProducerFactory<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                3000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                5000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                4000)));
  }

  private static ConsumerRecord<String, byte[]> readOne(String topic) {
    List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
    try (var consumer = fromStart(topic)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (seen.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
      }
    }
    assertThat(seen).as("records on " + topic).hasSize(1);
    return seen.getFirst();
  }

  /** A consumer of {@code topic} from its beginning, in a group of its own. */
  static KafkaConsumer<String, byte[]> fromStart(String topic) {
    var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "support-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  private static String header(ConsumerRecord<?, ?> record, String key) {
    Header header = record.headers().lastHeader(key);
    assertThat(header).as(key).isNotNull();
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  private static int closedPort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
