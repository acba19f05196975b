package dev.rag.generation.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.generation.*}.
 *
 * @param model a GGUF file; unset means extractive answers only (no generative model)
 * @param backend {@code java} (CPU, Vector API) or {@code onnxruntime}
 * @param threads decode threads; 0 means one per core (default 0)
 * @param retrievalUrl base URL of retrieval-service
 * @param rerankUrl base URL of rerank-service
 * @param rerankTimeout connect and read timeout of one rerank call; on expiry the fused order is
 *     used and flagged (default 3s)
 */
@Validated
@ConfigurationProperties("rag.generation")
public record GenerationProperties(
    Path model,
    @NotNull @DefaultValue("java") Backend backend,
    @Min(0) @Max(256) @DefaultValue("0") int threads,
    @NotNull URI retrievalUrl,
    @NotNull URI rerankUrl,
    @NotNull @DefaultValue("3s") Duration rerankTimeout) {

  /** Which runtime backend runs the model. */
  public enum Backend {
    JAVA,
    ONNXRUNTIME
  }
}
