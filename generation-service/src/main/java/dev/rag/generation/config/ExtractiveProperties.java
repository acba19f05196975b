package dev.rag.generation.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.generation.extractive.*}: how extractive answers choose sentences and when they say "I
 * don't know". The defaults were chosen on the answer sets in {@code bench/answer-sets} (see {@code
 * bench/RESULTS.md}, "Answer quality").
 *
 * @param similarity score sentences by meaning too: each candidate sentence's embedding is compared
 *     with the question's (retrieval-service's {@code /v1/query-embeddings/batch}: one call and one
 *     batched model run per answer); false scores by words alone (default true)
 * @param similarityTimeout longest wait for one answer's sentence embeddings (and the connect and
 *     read timeout of each call); on expiry or any failure the answer is scored by words alone and
 *     carries a {@code similarity-unavailable} warning (default 2s)
 * @param similarityWeight share of a sentence's score that comes from meaning, the rest from words
 *     (default 0.5)
 * @param similaritySentences how many of the best sentences by words are compared by meaning (each
 *     sentence not cached is one more text in the answer's batched embedding run) (default 12)
 * @param similarityCacheSize sentence vectors kept in memory, least recently used dropped (default
 *     20000, about 30 MB with 384 dimensions)
 * @param minConfidence answers whose confidence (see {@code AnswerConfidence}) is below this say "I
 *     don't know" instead (default 0.5)
 */
@Validated
@ConfigurationProperties("rag.generation.extractive")
public record ExtractiveProperties(
    @DefaultValue("true") boolean similarity,
    @NotNull @DefaultValue("2s") Duration similarityTimeout,
    @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.5") double similarityWeight,
    @Min(1) @Max(200) @DefaultValue("12") int similaritySentences,
    @Min(0) @Max(10_000_000) @DefaultValue("20000") int similarityCacheSize,
    @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.5") double minConfidence) {

  /** The defaults above (tests, tools). */
  public static ExtractiveProperties defaults() {
    return new ExtractiveProperties(true, Duration.ofSeconds(2), 0.5, 12, 20_000, 0.5);
  }
}
