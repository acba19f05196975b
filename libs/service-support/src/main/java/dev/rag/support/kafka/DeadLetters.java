package dev.rag.support.kafka;

import dev.rag.contracts.topics.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * The platform's one way to dead-letter a record: to its {@code <topic>.dlq} twin (partition chosen
 * by the broker from the key), with the original topic, partition, offset and the exception's class
 * and message in headers, but not its stack trace. A stack trace is for the service log, which
 * already has it: in a DLQ it would hand our internals (class names, line numbers, library
 * versions) to anyone who may read the topic, and add kilobytes to every record.
 *
 * <p>One instance per service (a bean of {@link KafkaSupportAutoConfiguration}): the shared error
 * handler recovers through it after its retries, and batch listeners that skip a record no retry
 * can fix call {@link #skip}. Both wait for the broker's acknowledgement and throw if the send
 * fails, so a record is never committed past without being in its DLQ.
 */
public final class DeadLetters implements ConsumerAwareRecordRecoverer {

  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  private final DeadLetterPublishingRecoverer recoverer;

  public DeadLetters(KafkaOperations<?, ?> template) {
    recoverer =
        new DeadLetterPublishingRecoverer(
            template, (record, exception) -> new TopicPartition(Topics.dlq(record.topic()), -1));
    recoverer.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
  }

  /**
   * Sends the record to its DLQ: the error handler's path ({@code consumer}, when known, adds the
   * consumer group to the headers).
   */
  @Override
  public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception cause) {
    recoverer.accept(record, consumer, cause);
  }

  /**
   * A batch listener's path: logs the record and why, sends it to its DLQ and returns once the
   * broker has it, so the listener may go on without it.
   */
  public void skip(ConsumerRecord<?, ?> record, Exception cause) {
    log.warn(
        "dead-lettering {}-{}@{} (key {}) to {}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        record.key(),
        Topics.dlq(record.topic()),
        cause.getMessage());
    accept(record, null, cause);
  }
}
