package dev.rag.retrieval.events;

import dev.rag.retrieval.RetrievalServiceApplication;
import dev.rag.testing.Infrastructure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Topics of one test class on the real broker: the indexed topic, its DLQ and the index-events
 * topic are unique per run, so a test never replays records of other tests or earlier runs.
 */
final class TestTopics implements AutoCloseable {

  final String run = UUID.randomUUID().toString().substring(0, 8);
  final String chunks = "rag.embedded-chunks.test-" + run;
  final String dlq = chunks + ".dlq";
  final String indexEvents = "rag.index-events.test-" + run;
  private final KafkaProducer<String, byte[]> producer;
  private volatile Exception failure;

  TestTopics() {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", Infrastructure.kafkaBootstrap()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(chunks, 3, (short) 1),
                  new NewTopic(dlq, 3, (short) 1),
                  new NewTopic(indexEvents, 3, (short) 1)))
          .all()
          .get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot create test topics", e);
    }
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                // One request in flight: a retried first batch can never be overtaken by later
                // ones. With
                // five in flight, a freshly started broker that answered a batch too late once
                // rejected its
                // retry as out of order (OutOfOrderSequenceException) until the delivery timeout.
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                1,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
  }

  /** Sends asynchronously; one producer keeps the order of records of a partition. */
  void send(String key, byte[] value) {
    producer.send(
        new ProducerRecord<>(chunks, key, value),
        (metadata, e) -> {
          if (e != null) {
            failure = e;
          }
        });
  }

  /** Waits until everything sent is acknowledged. */
  void flush() {
    producer.flush();
    if (failure != null) {
      throw new IllegalStateException("cannot publish to " + chunks, failure);
    }
  }

  /** Reads {@code topic} from the start until {@code done} holds for what was read. */
  static List<ConsumerRecord<String, byte[]>> readUntil(
      String topic, Predicate<List<ConsumerRecord<String, byte[]>>> done) {
    List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = reader(topic)) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return done.test(read);
              });
    }
    return read;
  }

  /** Everything on {@code topic} from the start that arrives within {@code window}. */
  static List<ConsumerRecord<String, byte[]>> readFor(String topic, Duration window) {
    List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = reader(topic)) {
      long until = System.nanoTime() + window.toNanos();
      while (System.nanoTime() < until) {
        consumer.poll(Duration.ofMillis(200)).forEach(read::add);
      }
    }
    return read;
  }

  /** A consumer of {@code topic} from its beginning, in a group of its own. */
  private static KafkaConsumer<String, byte[]> reader(String topic) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrap());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config);
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  /**
   * A retrieval-service replica (no web server) indexing these topics into {@code indexDir} with
   * consumer group {@code group}; {@code more} adds or overrides arguments. Arguments, not builder
   * properties: those are defaults that application.yml overrides.
   */
  ConfigurableApplicationContext startReplica(Path indexDir, String group, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--spring.main.web-application-type=none",
                "--spring.kafka.bootstrap-servers=" + Infrastructure.kafkaBootstrap(),
                "--rag.retrieval.index-dir=" + indexDir,
                "--rag.retrieval.embedded-chunks-topic=" + chunks,
                "--rag.retrieval.index-events-topic=" + indexEvents,
                "--rag.retrieval.consumer-group=" + group));
    args.addAll(List.of(more));
    return new SpringApplicationBuilder(RetrievalServiceApplication.class)
        .run(args.toArray(String[]::new));
  }

  @Override
  public void close() {
    producer.close();
  }
}
