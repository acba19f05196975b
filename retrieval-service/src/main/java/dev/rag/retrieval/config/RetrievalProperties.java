package dev.rag.retrieval.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.retrieval.*}.
 *
 * @param indexDir where the Lucene indexes live (default {@code ${rag.state-dir}/retrieval})
 * @param denseStore {@code lucene} (embedded default) or {@code pgvector} (production)
 * @param candidates how many hits each retriever contributes before fusion (default 100)
 * @param rrfK the k of Reciprocal Rank Fusion, score = sum 1/(k + rank) (default 60)
 * @param embeddingUrl base URL of embedding-service, used to embed queries
 */
@Validated
@ConfigurationProperties("rag.retrieval")
public record RetrievalProperties(
    @NotNull Path indexDir,
    @NotNull @DefaultValue("lucene") DenseStore denseStore,
    @Min(1) @Max(1000) @DefaultValue("100") int candidates,
    @Min(1) @Max(1000) @DefaultValue("60") int rrfK,
    @NotNull URI embeddingUrl) {

  /** Where dense vectors are stored and searched. */
  public enum DenseStore {
    LUCENE,
    PGVECTOR
  }
}
