package dev.rag.embedding;

import dev.rag.testing.Infrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Isolation on the shared broker: the platform topics hold other tests' records, so a test
 * processor starts its own consumer group at the topics' current end, and a test reads output from
 * the end it saw before publishing.
 */
public final class KafkaTestTopics {

  private KafkaTestTopics() {}

  /**
   * A new consumer group whose committed offsets are the current end of {@code topic} (created if
   * missing), so a listener in that group sees only records published from now on.
   */
  public static String groupStartingAtEnd(String prefix, String topic) {
    String group = prefix + "-" + UUID.randomUUID();
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrap()))) {
      ensureTopic(admin, topic);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (var partition :
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()) {
        latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
      }
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get()
          .forEach((tp, info) -> offsets.put(tp, new OffsetAndMetadata(info.offset())));
      admin.alterConsumerGroupOffsets(group, offsets).all().get();
      return group;
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("cannot prepare consumer group on " + topic, e);
    }
  }

  private static void ensureTopic(Admin admin, String topic)
      throws InterruptedException, ExecutionException {
    try {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
  }

  /** A producer of raw records (string keys, byte values), as ingest-service would send them. */
  public static KafkaProducer<String, byte[]> producer() {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrap());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    // One request in flight, so a retried batch is never overtaken (see retrieval's TestTopics).
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    return new KafkaProducer<>(config);
  }

  /** Reads a topic from its end at creation time, every partition, without a consumer group. */
  public static final class Tail implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;

    public Tail(String topic) {
      Properties config = new Properties();
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrap());
      config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      this.consumer = new KafkaConsumer<>(config);
      try (Admin admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrap()))) {
        ensureTopic(admin, topic);
      } catch (InterruptedException | ExecutionException e) {
        throw new IllegalStateException("cannot create " + topic, e);
      }
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      // Resolve the end positions now, before the test publishes anything.
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
    }

    /**
     * Collects records accepted by {@code filter} until {@code count} have arrived, then keeps
     * reading for {@code settle} to catch any surplus (a duplicate would show up there).
     *
     * @throws AssertionError when fewer than {@code count} arrive within {@code timeout}
     */
    public List<ConsumerRecord<String, byte[]>> collect(
        Predicate<ConsumerRecord<String, byte[]>> filter,
        int count,
        Duration timeout,
        Duration settle) {
      List<ConsumerRecord<String, byte[]>> matched = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (matched.size() < count && System.nanoTime() < deadline) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(
                r -> {
                  if (filter.test(r)) {
                    matched.add(r);
                  }
                });
      }
      if (matched.size() < count) {
        throw new AssertionError(
            "expected " + count + " records within " + timeout + ", got " + matched.size());
      }
      long settleEnd = System.nanoTime() + settle.toNanos();
      while (System.nanoTime() < settleEnd) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(
                r -> {
                  if (filter.test(r)) {
                    matched.add(r);
                  }
                });
      }
      return matched;
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
