package dev.rag.ingest.support;

import dev.rag.testing.Infrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its current end, as a test's own consumer (manual assignment, no group
 * offsets): records published after construction are seen, older runs' records are not.
 */
public final class TopicTail implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

  public TopicTail(String topic) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "ingest-test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolve the end offsets now, not at first poll
  }

  /**
   * Polls until {@code done} holds for the records matching {@code filter}, or the wait bound
   * passes (then the caller's assertions report what was seen).
   */
  public List<ConsumerRecord<String, byte[]>> await(
      Predicate<ConsumerRecord<String, byte[]>> filter,
      Predicate<List<ConsumerRecord<String, byte[]>>> done,
      Duration bound) {
    Instant deadline = Instant.now().plus(bound);
    List<ConsumerRecord<String, byte[]>> matching = matching(filter);
    while (!done.test(matching) && Instant.now().isBefore(deadline)) {
      consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
      matching = matching(filter);
    }
    return matching;
  }

  /** Everything matching that arrives within {@code window} (for asserting that nothing came). */
  public List<ConsumerRecord<String, byte[]>> drain(
      Predicate<ConsumerRecord<String, byte[]>> filter, Duration window) {
    return await(filter, r -> false, window);
  }

  private List<ConsumerRecord<String, byte[]>> matching(
      Predicate<ConsumerRecord<String, byte[]>> filter) {
    return seen.stream().filter(filter).toList();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
