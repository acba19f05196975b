package dev.rag.retrieval.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.retrieval.*}.
 *
 * @param indexDir where the Lucene indexes live (default {@code ${rag.state-dir}/retrieval}); the
 *     chunk index is the {@code chunks} folder inside it
 * @param denseStore {@code lucene} (embedded default: HNSW inside the same Lucene index, no
 *     database) or {@code pgvector} (production: PostgreSQL schema {@code retrieval}, configured by
 *     {@code spring.datasource.*}, migrated by Flyway; no data source exists otherwise)
 * @param candidates how many hits each retriever contributes before fusion (default 100)
 * @param rrfK the k of Reciprocal Rank Fusion, score = sum 1/(k + rank) (default 60)
 * @param efSearch HNSW candidate list size of a dense search unless a request sets its own (default
 *     100; pgvector's {@code hnsw.ef_search}, Lucene's k of the graph search)
 * @param embeddingUrl base URL of embedding-service, used to embed queries
 * @param embeddingTimeout connect and read timeout of one query-embedding call (default 3s); on
 *     expiry (or an open circuit) hybrid search answers from BM25 alone, flagged as degraded
 * @param searchTimeout how long the two searches of one request may take together (default 5s); a
 *     retriever still running then is abandoned and the request degrades to the other one
 * @param queryCacheSize query embeddings remembered (default 1024; 0 turns the cache off, e.g. for
 *     latency benchmarks that must pay for every embedding)
 * @param maxQueryChars the longest query accepted (default 2,000 characters; the embedding model
 *     reads at most 512 tokens anyway)
 * @param embeddedChunksTopic the topic indexed (default {@code rag.embedded-chunks}; tests use a
 *     topic of their own so they never replay each other's records); poison records go to its
 *     {@code .dlq} twin
 * @param indexEventsTopic where progress and index epochs are published (default {@code
 *     rag.index-events})
 * @param consumerGroup Kafka consumer group (default {@code retrieval-service}). Its committed
 *     offsets are informational only: a replica resumes from the offsets in its index commit. Every
 *     replica owns a full BM25 index, so replicas must use distinct groups.
 */
@Validated
@ConfigurationProperties("rag.retrieval")
public record RetrievalProperties(
    @NotNull Path indexDir,
    @NotNull @DefaultValue("lucene") DenseStore denseStore,
    @Min(1) @Max(1000) @DefaultValue("100") int candidates,
    @Min(1) @Max(1000) @DefaultValue("60") int rrfK,
    @Min(1) @Max(1000) @DefaultValue("100") int efSearch,
    @NotNull URI embeddingUrl,
    @NotNull @DefaultValue("3s") Duration embeddingTimeout,
    @NotNull @DefaultValue("5s") Duration searchTimeout,
    @Min(0) @Max(1_000_000) @DefaultValue("1024") int queryCacheSize,
    @Min(1) @Max(100_000) @DefaultValue("2000") int maxQueryChars,
    @NotBlank @DefaultValue("rag.embedded-chunks") String embeddedChunksTopic,
    @NotBlank @DefaultValue("rag.index-events") String indexEventsTopic,
    @NotBlank @DefaultValue("retrieval-service") String consumerGroup) {

  /** Where dense vectors are stored and searched. */
  public enum DenseStore {
    LUCENE,
    PGVECTOR
  }

  /** The folder of the Lucene chunk index (BM25, stored fields, and Lucene HNSW vectors). */
  public Path chunkIndexDir() {
    return indexDir.resolve("chunks");
  }
}
