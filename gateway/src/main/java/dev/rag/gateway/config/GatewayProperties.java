package dev.rag.gateway.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.gateway.*}: where the services behind the gateway live, and limits that apply to every
 * route. The routes in {@code application.yml} read these URLs. Keys, rate limits, the answer cache
 * and index events have their own records ({@code rag.gateway.keys.*}, {@code
 * rag.gateway.rate-limit.*}, {@code rag.gateway.cache.*}, {@code rag.gateway.index-events.*}).
 *
 * @param ingestUrl ingest-service (collections, documents, ingest jobs)
 * @param embeddingUrl embedding-service ({@code /v1/embeddings})
 * @param retrievalUrl retrieval-service ({@code /v1/retrieve}; also embeds questions for the
 *     semantic cache, with its internal {@code /v1/query-embeddings})
 * @param rerankUrl rerank-service ({@code /v1/rerank})
 * @param generationUrl generation-service ({@code /v1/answers}, {@code /v1/chat/completions},
 *     {@code /v1/models})
 * @param maxJsonBody largest non-multipart request body (default 256KB; uploads are limited by
 *     ingest-service's {@code rag.ingest.max-upload-size})
 * @param redisKeyPrefix prefix of every Redis key the gateway writes (default {@code rag:gateway:})
 * @param redisRetryInterval while Redis is unavailable, how long the gateway runs on its fallbacks
 *     (answer cache bypassed, per-instance rate limits) before it asks Redis again (default 5s)
 * @param maxInFlight most requests in flight to one service behind this gateway instance (default
 *     256); more are shed at once with 503 and {@code Retry-After}
 */
@Validated
@ConfigurationProperties("rag.gateway")
public record GatewayProperties(
    @NotNull URI ingestUrl,
    @NotNull URI embeddingUrl,
    @NotNull URI retrievalUrl,
    @NotNull URI rerankUrl,
    @NotNull URI generationUrl,
    @NotNull @DefaultValue("256KB") DataSize maxJsonBody,
    @NotBlank @DefaultValue("rag:gateway:") String redisKeyPrefix,
    @NotNull @DefaultValue("5s") Duration redisRetryInterval,
    @Min(1) @DefaultValue("256") int maxInFlight) {}
