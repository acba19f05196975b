package dev.rag.support;

import dev.rag.support.problem.ProblemAdvice;
import dev.rag.support.startup.KafkaStartupCheck;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** Registers what every service shares; each piece can be switched off by its property. */
@AutoConfiguration(
    beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@Import(ProblemAdvice.class)
public class ServiceSupportAutoConfiguration {

  /**
   * Fails the start early, naming the broker, when a Kafka-using service cannot reach it; otherwise
   * the listener containers would retry silently forever.
   */
  @Bean
  @ConditionalOnClass(name = "org.apache.kafka.clients.admin.Admin")
  @ConditionalOnProperty(name = "rag.startup.require-kafka", havingValue = "true")
  KafkaStartupCheck kafkaStartupCheck(
      @Value("${spring.kafka.bootstrap-servers:127.0.0.1:9092}") String bootstrapServers,
      @Value("${rag.startup.kafka-timeout:PT45S}") java.time.Duration timeout) {
    return new KafkaStartupCheck(bootstrapServers, timeout);
  }
}
