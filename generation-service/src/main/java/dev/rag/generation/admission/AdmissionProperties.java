package dev.rag.generation.admission;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.generation.admission.*}.
 *
 * @param maxConcurrent answers ({@code /v1/answers}, {@code /v1/chat/completions}) in progress at
 *     once, streams included until they end; more are refused at once with 503 and {@code
 *     Retry-After}. 0 means 16 per core (default 0)
 */
@Validated
@ConfigurationProperties("rag.generation.admission")
public record AdmissionProperties(@Min(0) @Max(100_000) @DefaultValue("0") int maxConcurrent) {

  /** The limit in force on this machine. */
  public int limit() {
    return maxConcurrent > 0 ? maxConcurrent : 16 * Runtime.getRuntime().availableProcessors();
  }
}
