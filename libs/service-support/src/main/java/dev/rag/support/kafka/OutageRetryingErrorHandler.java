package dev.rag.support.kafka;

import dev.rag.support.outage.Outages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The services' Kafka error handler. A record that fails for its own sake is retried {@code
 * rag.kafka.retries} times and then goes to its DLQ twin, as {@link DefaultErrorHandler} does. Work
 * that fails because a dependency is down ({@link Outages}: the database restarting, the index's
 * disk full) is retried until the dependency is back, the pause doubling from {@code
 * rag.kafka.retry-backoff} up to {@code rag.kafka.outage-max-backoff}: the DLQ is for records, and
 * dead-lettering every record that arrives during an outage would lose them all.
 *
 * <p>A batch listener waits with its partitions paused, polling so the group keeps it; a record
 * listener waits between redeliveries. Either way the partition does not move on, and a stopping
 * container leaves the failed work uncommitted, so it is delivered again after the restart.
 */
public final class OutageRetryingErrorHandler extends DefaultErrorHandler {

  private static final Logger log = LoggerFactory.getLogger(OutageRetryingErrorHandler.class);

  /** How often a waiting batch listener polls (with its partitions paused) to stay in its group. */
  private static final Duration KEEP_ALIVE = Duration.ofMillis(500);

  private final BackOff outageBackOff;
  private final Counter outageRetries;

  public OutageRetryingErrorHandler(
      DeadLetters deadLetters, KafkaSupportProperties properties, MeterRegistry meters) {
    super(
        deadLetters, new FixedBackOff(properties.retryBackoff().toMillis(), properties.retries()));
    this.outageBackOff = outageBackOff(properties);
    this.outageRetries =
        Counter.builder("rag.kafka.outage.retries")
            .description(
                "Kafka work retried because a dependency (database, disk, broker) was down")
            .register(meters);
    setBackOffFunction((record, failure) -> Outages.isOutage(failure) ? outageBackOff : null);
  }

  static BackOff outageBackOff(KafkaSupportProperties properties) {
    ExponentialBackOff backOff =
        new ExponentialBackOff(Math.max(1, properties.retryBackoff().toMillis()), 2.0);
    backOff.setMaxInterval(properties.outageMaxBackoff().toMillis());
    return backOff; // no attempt limit and no elapsed-time limit: an outage is waited out
  }

  @Override
  public boolean handleOne(
      Exception thrown,
      ConsumerRecord<?, ?> record,
      Consumer<?, ?> consumer,
      MessageListenerContainer container) {
    noteOutage(thrown, container);
    return super.handleOne(thrown, record, consumer, container);
  }

  @Override
  public void handleRemaining(
      Exception thrown,
      List<ConsumerRecord<?, ?>> records,
      Consumer<?, ?> consumer,
      MessageListenerContainer container) {
    noteOutage(thrown, container);
    super.handleRemaining(thrown, records, consumer, container);
  }

  @Override
  public void handleBatch(
      Exception thrown,
      ConsumerRecords<?, ?> data,
      Consumer<?, ?> consumer,
      MessageListenerContainer container,
      Runnable invokeListener) {
    Exception failure =
        Outages.isOutage(thrown) ? waitOut(thrown, consumer, container, invokeListener) : thrown;
    if (failure != null) {
      super.handleBatch(failure, data, consumer, container, invokeListener);
    }
  }

  @Override
  public <K, V> ConsumerRecords<K, V> handleBatchAndReturnRemaining(
      Exception thrown,
      ConsumerRecords<?, ?> data,
      Consumer<?, ?> consumer,
      MessageListenerContainer container,
      Runnable invokeListener) {
    if (!Outages.isOutage(thrown)) {
      return super.handleBatchAndReturnRemaining(thrown, data, consumer, container, invokeListener);
    }
    Exception failure = waitOut(thrown, consumer, container, invokeListener);
    if (failure == null) {
      return ConsumerRecords.empty();
    }
    // The dependency is back but the batch still fails: now it is the records' own failure.
    return super.handleBatchAndReturnRemaining(failure, data, consumer, container, invokeListener);
  }

  /** Retries the batch until it passes (null) or fails other than by an outage (that failure). */
  private Exception waitOut(
      Exception thrown,
      Consumer<?, ?> consumer,
      MessageListenerContainer container,
      Runnable invokeListener) {
    BackOffExecution pauses = outageBackOff.start();
    Set<TopicPartition> paused = consumer.assignment();
    consumer.pause(paused);
    try {
      Exception failure = thrown;
      while (Outages.isOutage(failure)) {
        long pause = pauses.nextBackOff();
        noteOutage(failure, container);
        keepPolling(consumer, container, pause);
        try {
          invokeListener.run();
          log.info("listener {} recovered from the outage", container.getListenerId());
          return null;
        } catch (Exception e) {
          failure = e;
        }
      }
      return failure;
    } finally {
      consumer.resume(consumer.assignment());
    }
  }

  /**
   * Sleeps {@code millis}, polling the (paused) consumer now and then so the group does not evict
   * it. A partition assigned by a rebalance meanwhile is not paused: its records are handed back
   * (seek to the first) and it is paused too.
   */
  private static void keepPolling(
      Consumer<?, ?> consumer, MessageListenerContainer container, long millis) {
    long until = System.nanoTime() + Duration.ofMillis(millis).toNanos();
    while (System.nanoTime() - until < 0) {
      if (!container.isRunning()) {
        throw new KafkaException("stopping during an outage; the batch is delivered again later");
      }
      try {
        Thread.sleep(
            Math.min(KEEP_ALIVE.toMillis(), Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaException(
            "interrupted during an outage; the batch is delivered again later", e);
      }
      ConsumerRecords<?, ?> stray = consumer.poll(Duration.ZERO);
      for (TopicPartition partition : stray.partitions()) {
        consumer.seek(partition, stray.records(partition).getFirst().offset());
        consumer.pause(List.of(partition));
      }
    }
  }

  /** Counts a retry caused by an outage; a record listener's is also logged here. */
  private void noteOutage(Exception failure, MessageListenerContainer container) {
    if (Outages.isOutage(failure)) {
      outageRetries.increment();
      log.warn(
          "listener {} retries after a dependency failed: {}",
          container.getListenerId(),
          Outages.describe(failure));
    }
  }
}
