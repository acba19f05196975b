package dev.rag.gateway.config;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.gateway.*}: where the services behind the gateway live. The routes in
 * {@code application.yml} read these URLs.
 *
 * @param ingestUrl ingest-service (collections, documents, ingest jobs)
 * @param embeddingUrl embedding-service ({@code /v1/embeddings})
 * @param retrievalUrl retrieval-service ({@code /v1/retrieve})
 * @param rerankUrl rerank-service ({@code /v1/rerank})
 * @param generationUrl generation-service ({@code /v1/answers}, {@code /v1/chat/completions})
 */
@Validated
@ConfigurationProperties("rag.gateway")
public record GatewayProperties(
    @NotNull URI ingestUrl,
    @NotNull URI embeddingUrl,
    @NotNull URI retrievalUrl,
    @NotNull URI rerankUrl,
    @NotNull URI generationUrl) {}
