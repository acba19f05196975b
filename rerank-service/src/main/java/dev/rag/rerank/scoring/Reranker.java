package dev.rag.rerank.scoring;

import dev.rag.encoders.inference.BatchingPolicy;
import dev.rag.encoders.inference.CrossEncoder;
import dev.rag.encoders.inference.CrossEncoderOptions;
import dev.rag.encoders.inference.PairScores;
import dev.rag.encoders.model.EncoderModel;
import dev.rag.encoders.model.EncoderOptions;
import dev.rag.rerank.config.RerankProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Ranks passages against a query with the configured cross-encoder. Without a model it keeps the
 * input order and says so ({@code model: none}, {@code reranked: false}): nothing pretends.
 */
@Component
public class Reranker implements DisposableBean {

  /** The model name reported when no cross-encoder is configured. */
  public static final String NO_MODEL = "none";

  private final CrossEncoder encoder;
  private final Counter pairs;
  private final DistributionSummary batchSizes;
  private final Timer latency;

  public Reranker(RerankProperties properties, MeterRegistry registry) {
    this.encoder = properties.modelDir() == null ? null : load(properties);
    this.pairs =
        Counter.builder("rag.rerank.pairs")
            .description("(query, passage) pairs scored")
            .register(registry);
    this.batchSizes =
        DistributionSummary.builder("rag.rerank.batch.size")
            .description("pairs per ONNX Runtime call")
            .register(registry);
    this.latency =
        Timer.builder("rag.rerank.latency")
            .description("time to score one request")
            .publishPercentileHistogram()
            .register(registry);
  }

  private static CrossEncoder load(RerankProperties properties) {
    int threads =
        properties.threads() == 0
            ? Runtime.getRuntime().availableProcessors()
            : properties.threads();
    String id =
        properties.modelId() != null
            ? properties.modelId()
            : properties.modelDir().getFileName().toString();
    EncoderModel model =
        EncoderModel.load(
            id, properties.modelDir(), EncoderOptions.defaults().withIntraOpThreads(threads));
    var batching =
        new BatchingPolicy(properties.batchSize(), BatchingPolicy.defaults().maxTokens());
    return new CrossEncoder(model, new CrossEncoderOptions(properties.sigmoid(), batching));
  }

  public String model() {
    return encoder == null ? NO_MODEL : encoder.modelId();
  }

  public Ranking rank(String query, List<String> passages) {
    if (encoder == null) {
      List<Float> none = new ArrayList<>(java.util.Collections.nCopies(passages.size(), null));
      return new Ranking(
          NO_MODEL, false, IntStream.range(0, passages.size()).boxed().toList(), none);
    }
    PairScores scored = latency.record(() -> encoder.score(query, passages));
    pairs.increment(passages.size());
    scored.stats().batchSizes().forEach(batchSizes::record);
    float[] scores = scored.scores();
    // Stable sort: equal scores keep their input (fused) order.
    List<Integer> order =
        IntStream.range(0, scores.length)
            .boxed()
            .sorted(Comparator.comparingDouble((Integer i) -> scores[i]).reversed())
            .toList();
    return new Ranking(scored.modelId(), true, order, order.stream().map(i -> scores[i]).toList());
  }

  @Override
  public void destroy() {
    if (encoder != null) {
      encoder.close();
    }
  }
}
