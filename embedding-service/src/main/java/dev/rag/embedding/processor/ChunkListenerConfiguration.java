package dev.rag.embedding.processor;

import dev.rag.embedding.config.EmbeddingProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;

/**
 * The listener container of the chunk processor: Boot's defaults (deserializers, the platform's DLQ
 * error handler, AckMode BATCH: offsets commit after the listener returns) plus this service's
 * group, poll size and consumer count from {@link EmbeddingProperties}. Its own consumer factory
 * gets Micrometer's Kafka client metrics back (Boot adds them only to the factory it builds
 * itself), so the lag on {@code rag.chunks} shows in Grafana and drives the lag alert.
 */
@Configuration(proxyBeanMethods = false)
class ChunkListenerConfiguration {

  static final String FACTORY = "chunkListenerFactory";

  @Bean(FACTORY)
  ConcurrentKafkaListenerContainerFactory<Object, Object> chunkListenerFactory(
      ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
      KafkaProperties kafka,
      EmbeddingProperties properties,
      MeterRegistry meters) {
    Map<String, Object> config = kafka.buildConsumerProperties();
    config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.pollRecords());
    var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
    var consumers = new DefaultKafkaConsumerFactory<Object, Object>(config);
    consumers.addListener(new MicrometerConsumerListener<>(meters));
    configurer.configure(factory, consumers);
    factory.setBatchListener(true);
    // Zero consumers: an HTTP-only instance (e.g. for query embedding) that never joins the group.
    factory.setConcurrency(Math.max(1, properties.consumers()));
    factory.setAutoStartup(properties.consumers() > 0);
    return factory;
  }
}
