package dev.rag.gateway.status;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.gateway.status.*}: what {@code GET /v1/admin/status} reports.
 *
 * @param grafanaUrl the Grafana dashboards' address shown as a link (default empty: no link)
 * @param timeout how long one service's health or the Kafka offsets may take before the status says
 *     "unknown" for it (default 2s)
 * @param bootstrapServers the Kafka brokers whose consumer offsets give the lag (default {@code
 *     spring.kafka.bootstrap-servers})
 * @param ingestGroup ingest-service's consumer group on {@code rag.documents} (default {@code
 *     ingest-service})
 * @param embeddingGroup embedding-service's consumer group on {@code rag.chunks} (its {@code
 *     rag.embedding.group-id}, default {@code embedding-service})
 * @param retrievalGroup retrieval-service's consumer group on {@code rag.embedded-chunks} (its
 *     {@code rag.retrieval.consumer-group}, default {@code retrieval-service})
 */
@Validated
@ConfigurationProperties("rag.gateway.status")
public record StatusProperties(
    @DefaultValue("") String grafanaUrl,
    @NotNull @DefaultValue("2s") Duration timeout,
    @NotBlank String bootstrapServers,
    @NotBlank @DefaultValue("ingest-service") String ingestGroup,
    @NotBlank @DefaultValue("embedding-service") String embeddingGroup,
    @NotBlank @DefaultValue("retrieval-service") String retrievalGroup) {}
