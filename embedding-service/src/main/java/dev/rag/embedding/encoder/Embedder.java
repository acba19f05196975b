package dev.rag.embedding.encoder;

import dev.rag.embedding.config.EmbeddingProperties;
import dev.rag.encoders.BundledModels;
import dev.rag.encoders.inference.BatchingPolicy;
import dev.rag.encoders.inference.EmbeddingOptions;
import dev.rag.encoders.inference.Embeddings;
import dev.rag.encoders.inference.TextEmbedder;
import dev.rag.encoders.model.EncoderModel;
import dev.rag.encoders.model.EncoderOptions;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Owns the {@link TextEmbedder} and records what each call cost. Thread-safe: the HTTP API and
 * every Kafka consumer share one model (ONNX Runtime sessions are thread-safe).
 *
 * <p>Metrics: {@code rag.embedding.passages} (texts embedded, tagged {@code source} = {@code api}
 * or {@code kafka} and {@code input_type}; its rate is passages/s), {@code rag.embedding.tokens},
 * {@code rag.embedding.batch.size} (texts per ONNX Runtime call) and {@code rag.embedding.latency}
 * (one embedding call, tagged {@code source}).
 */
@Component
public class Embedder implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(Embedder.class);

  /** Where a request came from, for metrics. */
  public enum Source {
    API,
    KAFKA
  }

  /** How to embed: passages as they are, or queries with the model's query instruction. */
  public enum InputType {
    PASSAGE,
    QUERY
  }

  private final TextEmbedder embedder;
  private final int dimension;
  private final MeterRegistry registry;
  private final DistributionSummary batchSizes;

  public Embedder(EmbeddingProperties properties, MeterRegistry registry) {
    this.embedder = load(properties);
    this.registry = registry;
    this.batchSizes =
        DistributionSummary.builder("rag.embedding.batch.size")
            .description("texts per ONNX Runtime call")
            .baseUnit("texts")
            .register(registry);
    // One real call at start-up: learns the dimension and warms ONNX Runtime before traffic.
    this.dimension = embedder.embed("dimension probe").length;
    log.info(
        "embedding model {} loaded: {} dimensions, batch size {}, {} intra-op threads",
        embedder.modelId(),
        dimension,
        properties.batchSize(),
        properties.effectiveThreads());
  }

  /** The bundled bge-small unless a model directory is configured; batching as configured. */
  static TextEmbedder load(EmbeddingProperties properties) {
    EncoderOptions options =
        EncoderOptions.defaults().withIntraOpThreads(properties.effectiveThreads());
    BatchingPolicy batching =
        properties.batchSize() == 1
            ? BatchingPolicy.unbatched()
            : new BatchingPolicy(properties.batchSize(), BatchingPolicy.DEFAULT_MAX_TOKENS);
    if (properties.modelDir() == null) {
      return BundledModels.bgeSmallEmbedder(options, batching);
    }
    String id =
        properties.modelId() != null && !properties.modelId().isBlank()
            ? properties.modelId()
            : properties.modelDir().getFileName().toString();
    EncoderModel model = EncoderModel.load(id, properties.modelDir(), options);
    // A model directory is assumed bge-style (CLS pooling, normalised, bge query instruction).
    return new TextEmbedder(
        model, EmbeddingOptions.bge(BundledModels.BGE_QUERY_PREFIX).withBatching(batching));
  }

  /**
   * Embeds texts in order; every text must be non-blank.
   *
   * @throws IllegalArgumentException for an empty list or a blank text (naming its index)
   */
  public Embeddings embed(List<String> texts, InputType type, Source source) {
    Timer.Sample sample = Timer.start(registry);
    Embeddings result =
        type == InputType.QUERY ? embedder.embedQueries(texts) : embedder.embed(texts);
    sample.stop(
        Timer.builder("rag.embedding.latency")
            .description("one embedding call")
            .tag("source", tag(source))
            .publishPercentileHistogram()
            .register(registry));
    registry
        .counter("rag.embedding.passages", "source", tag(source), "input_type", tag(type))
        .increment(texts.size());
    registry
        .counter("rag.embedding.tokens", "source", tag(source))
        .increment(result.stats().tokens());
    result.stats().batchSizes().forEach(batchSizes::record);
    return result;
  }

  public String modelId() {
    return embedder.modelId();
  }

  public int dimension() {
    return dimension;
  }

  /** Longest input in tokens (special tokens included); longer texts are truncated. */
  public int maxLength() {
    return embedder.maxLength();
  }

  private static String tag(Enum<?> value) {
    return value.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public void destroy() {
    embedder.close();
  }
}
