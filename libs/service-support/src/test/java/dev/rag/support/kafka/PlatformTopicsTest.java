package dev.rag.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.contracts.topics.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class PlatformTopicsTest {

  private static Map<String, NewTopic> topics(long embeddedChunksRetentionMs) {
    var properties =
        new KafkaSupportProperties(
            6,
            (short) 3,
            3,
            Duration.ofMillis(500),
            Duration.ofSeconds(30),
            embeddedChunksRetentionMs);
    return KafkaSupportAutoConfiguration.platformTopics(properties).stream()
        .collect(Collectors.toMap(NewTopic::name, t -> t));
  }

  @Test
  void theTopicIndexesAreRebuiltFromIsKeptForeverAndTheOthersByTheBrokersDefault() {
    Map<String, NewTopic> topics = topics(-1);

    assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(Topics.all());
    assertThat(topics.get(Topics.EMBEDDED_CHUNKS).configs())
        .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1");
    topics.values().stream()
        .filter(t -> !t.name().equals(Topics.EMBEDDED_CHUNKS))
        .forEach(t -> assertThat(t.configs()).as(t.name()).isNullOrEmpty());
    assertThat(topics.values())
        .allSatisfy(t -> assertThat(t.numPartitions()).isEqualTo(6))
        .allSatisfy(t -> assertThat(t.replicationFactor()).isEqualTo((short) 3));
  }

  @Test
  void aFiniteRetentionCanBeChosen() {
    assertThat(topics(604_800_000L).get(Topics.EMBEDDED_CHUNKS).configs())
        .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "604800000");
  }
}
