package dev.rag.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rag.support.outage.OutageException;
import dev.rag.testing.Infrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;

/**
 * A listener container on the real broker whose "dependency" is switched off for longer than all
 * the DLQ retries together: the records wait and are handled once it is back, none is
 * dead-lettered. A failure of the records themselves still goes to the DLQ.
 */
class OutageRetryingErrorHandlerTest {

  /** Three DLQ retries of 100 ms: an outage of 3 s outlasts them thirty times over. */
  private static final KafkaSupportProperties PROPERTIES =
      new KafkaSupportProperties(
          1, (short) 1, 3, Duration.ofMillis(100), Duration.ofMillis(400), -1);

  private static final Duration OUTAGE = Duration.ofSeconds(3);

  private final String topic = "support.outage." + UUID.randomUUID();
  private final KafkaTemplate<String, byte[]> template = template();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<String> handled = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean dependencyDown = new AtomicBoolean(true);
  private final AtomicInteger attempts = new AtomicInteger();
  private KafkaMessageListenerContainer<String, byte[]> container;

  @AfterEach
  void stop() {
    if (container != null) {
      container.stop();
    }
    template.destroy();
  }

  @Test
  void aBatchListenerWaitsOutTheOutageAndHandlesEveryRecordOnce() throws Exception {
    start(
        (BatchMessageListener<String, byte[]>)
            records -> {
              dependency();
              records.forEach(record -> handled.add(record.key()));
            });
    List<String> sent = send(20);

    outage();
    assertThat(handled).as("nothing is handled while the dependency is down").isEmpty();
    dependencyDown.set(false);

    await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() >= sent.size());
    assertThat(handled).containsExactlyInAnyOrderElementsOf(sent);
    assertThat(deadLetters()).isEmpty();
    assertThat(meters.counter("rag.kafka.outage.retries").count()).isGreaterThan(3);
  }

  @Test
  void aRecordListenerWaitsOutTheOutageAndHandlesEveryRecordOnce() throws Exception {
    start(
        (MessageListener<String, byte[]>)
            record -> {
              dependency();
              handled.add(record.key());
            });
    List<String> sent = send(5);

    outage();
    assertThat(handled).isEmpty();
    dependencyDown.set(false);

    await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() >= sent.size());
    assertThat(handled).containsExactlyElementsOf(sent);
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void aBatchThatFailsForItsOwnSakeStillGoesToTheDlq() throws Exception {
    start(
        (BatchMessageListener<String, byte[]>)
            records -> {
              throw new IllegalStateException("this batch cannot be indexed");
            });
    List<String> sent = send(3);

    await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters().size() >= sent.size());
    assertThat(deadLetters()).containsExactlyInAnyOrderElementsOf(sent);
    assertThat(meters.counter("rag.kafka.outage.retries").count()).isZero();
  }

  /** The outage starts when the listener first meets it (after the group's join) and lasts. */
  private void outage() throws InterruptedException {
    await().atMost(Duration.ofSeconds(30)).until(() -> attempts.get() > 0);
    Thread.sleep(OUTAGE.toMillis());
  }

  private void dependency() {
    attempts.incrementAndGet();
    if (dependencyDown.get()) {
      throw new OutageException(
          "the index's disk is full", new IOException("No space left on device"));
    }
  }

  private void start(Object listener) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", Infrastructure.kafkaBootstrap()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, 1, (short) 1), new NewTopic(topic + ".dlq", 1, (short) 1)))
          .all()
          .get();
    }
    var properties = new ContainerProperties(topic);
    properties.setMessageListener(listener);
    properties.setGroupId("outage-test-" + UUID.randomUUID());
    container =
        new KafkaMessageListenerContainer<>(
            new DefaultKafkaConsumerFactory<>(
                Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    Infrastructure.kafkaBootstrap(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class)),
            properties);
    container.setCommonErrorHandler(
        new OutageRetryingErrorHandler(new DeadLetters(template), PROPERTIES, meters));
    container.start();
  }

  private List<String> send(int count) throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String key = "doc-" + i;
      template.send(topic, key, key.getBytes(StandardCharsets.UTF_8)).get();
      keys.add(key);
    }
    return keys;
  }

  private List<String> deadLetters() {
    List<String> keys = new ArrayList<>();
    try (var consumer = DeadLettersTest.fromStart(topic + ".dlq")) {
      long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
      while (System.nanoTime() < deadline) {
        consumer
            .poll(Duration.ofMillis(300))
            .forEach((ConsumerRecord<String, byte[]> r) -> keys.add(r.key()));
      }
    }
    return keys;
  }

  private static KafkaTemplate<String, byte[]> template() {
    return new KafkaTemplate<>(
        new DefaultKafkaProducerFactory<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.kafkaBootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class)));
  }
}
