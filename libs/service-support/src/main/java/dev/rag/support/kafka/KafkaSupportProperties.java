package dev.rag.support.kafka;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.kafka.*}.
 *
 * @param partitions partitions of each platform topic when this service creates it (default 3)
 * @param replicationFactor replication of created topics (default 1: single-broker default)
 * @param retries attempts after the first before a record goes to its DLQ (default 3)
 * @param retryBackoff pause between attempts (default 500ms)
 * @param outageMaxBackoff longest pause between attempts while a dependency is down (default 30s):
 *     work that fails because the database, the index's disk or the broker is unavailable is
 *     retried, the pause doubling from {@code retryBackoff} up to this, until the dependency is
 *     back (never dead-lettered)
 * @param embeddedChunksRetentionMs {@code retention.ms} of {@code rag.embedded-chunks} when this
 *     service creates it (default -1: kept forever). The topic is what a retrieval replica rebuilds
 *     a lost index from, so it must hold every record since the first; the other topics keep the
 *     broker's default
 */
@Validated
@ConfigurationProperties("rag.kafka")
public record KafkaSupportProperties(
    @Min(1) @Max(1000) @DefaultValue("3") int partitions,
    @Min(1) @Max(10) @DefaultValue("1") short replicationFactor,
    @Min(0) @Max(100) @DefaultValue("3") int retries,
    @DefaultValue("500ms") Duration retryBackoff,
    @DefaultValue("30s") Duration outageMaxBackoff,
    @Min(-1) @DefaultValue("-1") long embeddedChunksRetentionMs) {}
