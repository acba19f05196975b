package dev.rag.gateway.epochs;

import dev.rag.contracts.events.IndexEvent;
import dev.rag.contracts.json.EventJson;
import dev.rag.contracts.json.MalformedEventException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reads {@code rag.index-events} into {@link IndexEpochs} on its own thread. No consumer group:
 * every gateway instance assigns itself all partitions and starts from the beginning, so it
 * rebuilds the full epoch table (the topic is small: one record per applied document batch) and no
 * instance depends on another's offsets. {@link IndexEpochs#caughtUp()} turns true when the end
 * offsets seen at start are reached. Partitions are re-listed periodically, so a topic created
 * after the gateway started is picked up.
 */
public final class IndexEventsReader implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(IndexEventsReader.class);
  private static final Duration RELIST = Duration.ofSeconds(30);

  private final IndexEpochProperties properties;
  private final IndexEpochs epochs;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile boolean running;
  private Thread thread;

  public IndexEventsReader(IndexEpochProperties properties, IndexEpochs epochs) {
    this.properties = properties;
    this.epochs = epochs;
  }

  @Override
  public synchronized void start() {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "gateway-index-epochs");
    // Reading must not create the topic: retrieval-service owns it.
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    running = true;
    thread = Thread.ofPlatform().daemon().name("index-epochs").start(this::run);
  }

  private void run() {
    Map<TopicPartition, Long> endAtStart = null;
    List<TopicPartition> assigned = List.of();
    long relistAt = 0;
    try {
      while (running) {
        try {
          if (System.nanoTime() >= relistAt) {
            List<TopicPartition> partitions = partitions();
            if (!partitions.equals(assigned)) {
              List<TopicPartition> before = assigned;
              List<TopicPartition> added =
                  partitions.stream().filter(p -> !before.contains(p)).toList();
              consumer.assign(partitions);
              consumer.seekToBeginning(added);
              assigned = partitions;
            }
            if (endAtStart == null) {
              endAtStart = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            }
            relistAt = System.nanoTime() + RELIST.toNanos();
          }
          if (assigned.isEmpty()) {
            Thread.sleep(500); // no topic yet: nothing to read, nothing stale to fear
          } else {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
              apply(record);
            }
          }
          if (!epochs.caughtUp() && endAtStart != null && reached(endAtStart)) {
            epochs.markCaughtUp();
            log.info(
                "index epochs caught up with {} ({} partitions)",
                properties.topic(),
                endAtStart.size());
          }
        } catch (WakeupException stopping) {
          throw stopping;
        } catch (KafkaException | IllegalStateException e) {
          // Broker unreachable or restarting: keep trying; until caught up no cached answer is
          // served.
          log.warn("reading {} failed, retrying: {}", properties.topic(), e.getMessage());
          relistAt = 0;
          Thread.sleep(1000);
        }
      }
    } catch (WakeupException stopping) {
      // stop() woke the consumer
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("reading {} failed; cached answers are no longer served", properties.topic(), e);
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private List<TopicPartition> partitions() {
    var infos = consumer.partitionsFor(properties.topic(), Duration.ofSeconds(10));
    if (infos == null) {
      return List.of();
    }
    return infos.stream()
        .map(info -> new TopicPartition(info.topic(), info.partition()))
        .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
        .toList();
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    for (var entry : end.entrySet()) {
      if (consumer.position(entry.getKey()) < entry.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      return;
    }
    try {
      IndexEvent event = EventJson.read(record.value(), IndexEvent.class);
      epochs.observe(event.collection(), event.indexEpoch(), record.partition(), record.offset());
    } catch (MalformedEventException e) {
      // ingest-service's consumer sends it to the DLQ; the gateway only needs valid epochs.
      log.warn(
          "skipping a malformed record at {}-{}@{}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
    }
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (consumer != null) {
      consumer.wakeup();
    }
    if (thread != null) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
