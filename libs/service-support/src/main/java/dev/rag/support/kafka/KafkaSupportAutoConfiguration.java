package dev.rag.support.kafka;

import dev.rag.contracts.json.MalformedEventException;
import dev.rag.contracts.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * Kafka conventions shared by every service that talks to the broker. Values travel as JSON bytes:
 * listeners decode them with {@code EventJson}, so a poison record fails inside the listener, is
 * not retried, and lands in {@code <topic>.dlq} with the exception's class and message in headers
 * (never its stack trace: {@link DeadLetters}) — its partition keeps moving.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties(KafkaSupportProperties.class)
public class KafkaSupportAutoConfiguration {

  /** Creates the platform's topics and their DLQ twins if the broker lacks them. */
  @Bean
  KafkaAdmin.NewTopics ragTopics(KafkaSupportProperties properties) {
    return new KafkaAdmin.NewTopics(platformTopics(properties).toArray(NewTopic[]::new));
  }

  /**
   * The platform's topics as this service creates them: {@code rag.embedded-chunks} with {@code
   * rag.kafka.embedded-chunks-retention-ms}, the others with the broker's defaults (a topic that
   * exists already is left as it is).
   */
  static List<NewTopic> platformTopics(KafkaSupportProperties properties) {
    return Topics.all().stream()
        .map(
            name -> {
              TopicBuilder topic =
                  TopicBuilder.name(name)
                      .partitions(properties.partitions())
                      .replicas(properties.replicationFactor());
              if (name.equals(Topics.EMBEDDED_CHUNKS)) {
                topic.config(
                    TopicConfig.RETENTION_MS_CONFIG,
                    Long.toString(properties.embeddedChunksRetentionMs()));
              }
              return topic.build();
            })
        .toList();
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

  /** The service's one dead-letter route, shared by the error handler and batch listeners. */
  @Bean
  @ConditionalOnMissingBean
  DeadLetters deadLetters(KafkaTemplate<String, byte[]> eventTemplate) {
    return new DeadLetters(eventTemplate);
  }

  /**
   * Bounded retries, then the record's DLQ twin (partition chosen by the broker from the key);
   * failures caused by an outage of a dependency are retried until it is back. Malformed records
   * are never retried: another attempt cannot fix them.
   */
  @Bean
  @ConditionalOnMissingBean
  DefaultErrorHandler kafkaErrorHandler(
      DeadLetters deadLetters,
      KafkaSupportProperties properties,
      ObjectProvider<MeterRegistry> meters) {
    var handler =
        new OutageRetryingErrorHandler(
            deadLetters, properties, meters.getIfAvailable(SimpleMeterRegistry::new));
    handler.addNotRetryableExceptions(
        MalformedEventException.class,
        SerializationException.class,
        DeserializationException.class,
        IllegalArgumentException.class);
    return handler;
  }
}
