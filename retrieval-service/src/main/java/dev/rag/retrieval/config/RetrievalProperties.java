package dev.rag.retrieval.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
 * @param searchTimeout how long the two searches of one request may take together, query embedding
 *     included (default 5s); a retriever still running then is abandoned and the request degrades
 *     to the other one
 * @param searchThreads threads that run the searches (BM25, and query embedding plus dense search)
 *     of all requests, two per hybrid request in parallel; 0 means two per available processor
 *     (default 0). Bounded so that a burst queues instead of multiplying native ONNX Runtime and
 *     Lucene work past the cores; a search that waits past {@code searchTimeout} degrades like a
 *     slow one
 * @param queryModelDir the model that embeds queries in this process: unset (default) means the
 *     bundled bge-small-en-v1.5 (int8), the model embedding-service uses by default; set it to the
 *     same directory as {@code rag.embedding.model-dir} when embedding-service uses another model
 *     (a collection's vectors are searched only with queries of the same model)
 * @param queryModelId the id of a {@code queryModelDir} model (default: the directory's name, as
 *     embedding-service names it)
 * @param queryThreads ONNX Runtime intra-op threads of the query model, in [1, 64] (default 1: a
 *     short query has little to split, and concurrent requests run in parallel anyway)
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
    @NotNull @DefaultValue("5s") Duration searchTimeout,
    @Min(0) @Max(1024) @DefaultValue("0") int searchThreads,
    Path queryModelDir,
    String queryModelId,
    @Min(1) @Max(64) @DefaultValue("1") int queryThreads,
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

  /** Threads of the search executor: {@code searchThreads}, or two per processor when 0. */
  public int effectiveSearchThreads() {
    return searchThreads == 0 ? 2 * Runtime.getRuntime().availableProcessors() : searchThreads;
  }

  /** The folder of the Lucene chunk index (BM25, stored fields, and Lucene HNSW vectors). */
  public Path chunkIndexDir() {
    return indexDir.resolve("chunks");
  }
}
