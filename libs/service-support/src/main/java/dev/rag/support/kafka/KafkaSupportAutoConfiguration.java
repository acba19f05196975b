package dev.rag.support.kafka;

import dev.rag.contracts.json.MalformedEventException;
import dev.rag.contracts.topics.Topics;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Kafka conventions shared by every service that talks to the broker. Values travel as JSON bytes:
 * listeners decode them with {@code EventJson}, so a poison record fails inside the listener, is
 * not retried, and lands in {@code <topic>.dlq} with the exception's class and message in headers
 * (never its stack trace: {@link #deadLetterRecoverer}) — its partition keeps moving.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties(KafkaSupportProperties.class)
public class KafkaSupportAutoConfiguration {

  /** Creates the platform's topics and their DLQ twins if the broker lacks them. */
  @Bean
  KafkaAdmin.NewTopics ragTopics(KafkaSupportProperties properties) {
    return new KafkaAdmin.NewTopics(
        Topics.all().stream()
            .map(
                name ->
                    TopicBuilder.name(name)
                        .partitions(properties.partitions())
                        .replicas(properties.replicationFactor())
                        .build())
            .toArray(org.apache.kafka.clients.admin.NewTopic[]::new));
  }

  /**
   * String keys, byte[] JSON values, idempotent producer (no duplicates on producer retry),
   * observed: each send is a producer span whose trace context travels in the record's headers.
   */
  @Bean
  @ConditionalOnMissingBean(name = "eventTemplate")
  KafkaTemplate<String, byte[]> eventTemplate(KafkaProperties kafka) {
    Map<String, Object> config = kafka.buildProducerProperties();
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    KafkaTemplate<String, byte[]> template =
        new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    template.setObservationEnabled(true);
    return template;
  }

  @Bean
  @ConditionalOnMissingBean
  EventPublisher eventPublisher(KafkaTemplate<String, byte[]> eventTemplate) {
    return new EventPublisher(eventTemplate);
  }

  /**
   * Bounded retries, then the record's DLQ twin (partition chosen by the broker from the key).
   * Malformed records are never retried: another attempt cannot fix them.
   */
  @Bean
  @ConditionalOnMissingBean
  DefaultErrorHandler kafkaErrorHandler(
      KafkaTemplate<String, byte[]> eventTemplate, KafkaSupportProperties properties) {
    var handler =
        new DefaultErrorHandler(
            deadLetterRecoverer(eventTemplate),
            new FixedBackOff(properties.retryBackoff().toMillis(), properties.retries()));
    handler.addNotRetryableExceptions(
        MalformedEventException.class,
        SerializationException.class,
        DeserializationException.class,
        IllegalArgumentException.class);
    return handler;
  }

  /**
   * The platform's one way to dead-letter a record: to its {@code <topic>.dlq} twin (partition
   * chosen by the broker from the key), with the original topic, partition, offset and the
   * exception's class and message in headers, but not its stack trace. A stack trace is for the
   * service log, which already has it: in a DLQ it would hand our internals (class names, line
   * numbers, library versions) to anyone who may read the topic, and add kilobytes to every record.
   * Used by the shared error handler and by batch listeners that dead-letter records themselves.
   */
  public static DeadLetterPublishingRecoverer deadLetterRecoverer(KafkaOperations<?, ?> template) {
    var recoverer =
        new DeadLetterPublishingRecoverer(
            template, (record, exception) -> new TopicPartition(Topics.dlq(record.topic()), -1));
    recoverer.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
    return recoverer;
  }
}
