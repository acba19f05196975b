package dev.rag.gateway.config;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
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
    @NotNull @DefaultValue("http://127.0.0.1:8081") URI ingestUrl,
    @NotNull @DefaultValue("http://127.0.0.1:8082") URI embeddingUrl,
    @NotNull @DefaultValue("http://127.0.0.1:8083") URI retrievalUrl,
    @NotNull @DefaultValue("http://127.0.0.1:8084") URI rerankUrl,
    @NotNull @DefaultValue("http://127.0.0.1:8085") URI generationUrl) {}
