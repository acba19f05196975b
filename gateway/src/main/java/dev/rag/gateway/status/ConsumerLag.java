package dev.rag.gateway.status;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * How many records a consumer group has yet to process on a topic: per partition, the end offset
 * minus the group's committed offset (the start of the partition where the group committed nothing
 * yet), summed. One Kafka admin client, opened on first use and kept.
 */
final class ConsumerLag implements AutoCloseable {

  /**
   * The lag of one stage.
   *
   * @param stage what the group does: {@code parsing}, {@code embedding}, {@code indexing}
   * @param group the consumer group
   * @param topic the topic it consumes
   * @param lag records not yet processed, null when unknown
   * @param detail why it is unknown, null otherwise
   */
  record StageLag(String stage, String group, String topic, Long lag, String detail) {}

  private final String bootstrapServers;
  private final Duration timeout;
  private Admin admin;

  ConsumerLag(String bootstrapServers, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
  }

  StageLag of(String stage, String group, String topic) {
    try {
      return new StageLag(stage, group, topic, lag(group, topic), null);
    } catch (UnknownTopicOrPartitionException e) {
      return new StageLag(stage, group, topic, 0L, "the topic does not exist yet");
    } catch (TimeoutException e) {
      return new StageLag(stage, group, topic, null, "Kafka did not answer in " + timeout);
    } catch (ExecutionException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      if (cause instanceof UnknownTopicOrPartitionException) {
        return new StageLag(stage, group, topic, 0L, "the topic does not exist yet");
      }
      return new StageLag(stage, group, topic, null, cause.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new StageLag(stage, group, topic, null, "interrupted");
    }
  }

  private long lag(String group, String topic)
      throws ExecutionException, InterruptedException, TimeoutException {
    Admin kafka = admin();
    long millis = timeout.toMillis();
    TopicDescription description =
        kafka
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(millis, TimeUnit.MILLISECONDS)
            .get(topic);
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    description
        .partitions()
        .forEach(
            p -> {
              TopicPartition partition = new TopicPartition(topic, p.partition());
              latest.put(partition, OffsetSpec.latest());
              earliest.put(partition, OffsetSpec.earliest());
            });
    Map<TopicPartition, OffsetAndMetadata> committed =
        kafka
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(millis, TimeUnit.MILLISECONDS);
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        kafka.listOffsets(latest).all().get(millis, TimeUnit.MILLISECONDS);
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
        kafka.listOffsets(earliest).all().get(millis, TimeUnit.MILLISECONDS);
    long lag = 0;
    for (TopicPartition partition : latest.keySet()) {
      OffsetAndMetadata done = committed.get(partition);
      long position = done != null ? done.offset() : starts.get(partition).offset();
      lag += Math.max(0, ends.get(partition).offset() - position);
    }
    return lag;
  }

  private synchronized Admin admin() {
    if (admin == null) {
      Properties config = new Properties();
      config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      config.put(AdminClientConfig.CLIENT_ID_CONFIG, "gateway-status");
      config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
      config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
      admin = Admin.create(config);
    }
    return admin;
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
    }
  }
}
