package dev.rag.gateway.epochs;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.gateway.index-events.*}.
 *
 * @param bootstrapServers the Kafka brokers (default {@code spring.kafka.bootstrap-servers}, i.e.
 *     {@code RAG_KAFKA_BOOTSTRAP} or 127.0.0.1:9092)
 * @param topic the topic retrieval-service publishes epochs on (default {@code rag.index-events})
 */
@Validated
@ConfigurationProperties("rag.gateway.index-events")
public record IndexEpochProperties(
    @NotBlank String bootstrapServers, @NotBlank @DefaultValue("rag.index-events") String topic) {}
