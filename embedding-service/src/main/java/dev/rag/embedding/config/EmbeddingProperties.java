package dev.rag.embedding.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.embedding.*}.
 *
 * <p>Why {@code batchSize} defaults to 32 (batched): on this service's own chunks (SciFact
 * abstracts cut to 384 tokens, 2 threads) batching ran 1.4x (load 4) to 1.8x (load 8-10) faster
 * than one text per call, standalone and through the processor ({@code ## embedding-service} in
 * {@code bench/RESULTS.md}), and embedding is the ingest bottleneck. The price: the bundled
 * bge-small export is dynamically quantized, so a text's vector depends slightly on its batch
 * neighbours (max abs difference up to 0.018, cosine 0.9987; text-encoders section of the same
 * file). A re-ingested chunk may thus get a marginally different vector (harmless: it replaces the
 * old one by chunk id), and passages differ by that much from the same text embedded alone, as
 * queries are. Set 1 for bit-for-bit reproducible vectors (no padding, no neighbours). Batches are
 * cut from length-sorted texts, at most this many texts and 8192 padded tokens each; a request or
 * poll of one text always runs alone.
 *
 * @param modelDir a model directory ({@code model.onnx}, {@code tokenizer.json}, optional {@code
 *     config.json}) with a CLS-pooled, bge-style model; unset means the bundled bge-small-en-v1.5
 *     (int8 quantized) from the Maven Central jar
 * @param modelId the id reported with every vector for a {@code modelDir} model (default: the
 *     directory's name); ignored for the bundled model, which is {@code bge-small-en-v1.5-q}
 * @param batchSize most texts in one ONNX Runtime call, in [1, 1024]; 1 means unbatched and
 *     bit-reproducible (default 32, see above)
 * @param threads ONNX Runtime intra-op threads; 0 means one per core (default 0)
 * @param maxInputs most inputs in one {@code POST /v1/embeddings} request, in [1, 2048] (default
 *     256)
 * @param consumers Kafka consumers (listener threads) of the {@code rag.chunks} processor, in [0,
 *     64]; 0 turns the processor off, so the instance only serves HTTP (default 1: with {@code
 *     threads} covering every core, a second consumer only competes for the same cores)
 * @param pollRecords most records one consumer takes per poll, hence per embedding call and per
 *     offset commit, in [1, 10000] (default 64; keeps a poll's work far below Kafka's 5-minute
 *     {@code max.poll.interval.ms} even on a contended 2-core host, about 5-20 s)
 * @param groupId consumer group of the processor (default {@code embedding-service})
 */
@Validated
@ConfigurationProperties("rag.embedding")
public record EmbeddingProperties(
    Path modelDir,
    String modelId,
    @Min(1) @Max(1024) @DefaultValue("32") int batchSize,
    @Min(0) @Max(256) @DefaultValue("0") int threads,
    @Min(1) @Max(2048) @DefaultValue("256") int maxInputs,
    @Min(0) @Max(64) @DefaultValue("1") int consumers,
    @Min(1) @Max(10_000) @DefaultValue("64") int pollRecords,
    @NotBlank @DefaultValue("embedding-service") String groupId) {

  /** Intra-op threads to give ONNX Runtime: {@code threads}, or one per core when 0. */
  public int effectiveThreads() {
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }
}
