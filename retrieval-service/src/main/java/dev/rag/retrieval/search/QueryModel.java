package dev.rag.retrieval.search;

import dev.rag.encoders.BundledModels;
import dev.rag.encoders.inference.BatchingPolicy;
import dev.rag.encoders.inference.EmbeddingOptions;
import dev.rag.encoders.inference.TextEmbedder;
import dev.rag.encoders.model.EncoderModel;
import dev.rag.encoders.model.EncoderOptions;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedding model of queries, in this process: the same bundled bge-small that
 * embedding-service uses for passages (or the same model directory), in an ONNX Runtime session of
 * its own tuned for one short text per call: few intra-op threads (a 10-30 token query has little
 * to split, and concurrent requests bring their own parallelism) and no batching, so nothing is
 * padded and a query's vector never depends on a neighbour. Queries therefore get exactly the
 * vectors embedding-service gives a query embedded alone.
 *
 * <p>A model that cannot load (a missing jar, a bad model directory, no native library) does not
 * stop the service: BM25 still answers, and every dense search reports {@link #unavailableReason()}
 * so hybrid search degrades instead of failing.
 */
public final class QueryModel implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(QueryModel.class);

  private final TextEmbedder embedder;
  private final String unavailableReason;

  private QueryModel(TextEmbedder embedder, String unavailableReason) {
    this.embedder = embedder;
    this.unavailableReason = unavailableReason;
  }

  /**
   * Loads the model and runs one query through it (warms ONNX Runtime before traffic); never
   * throws, a failure leaves the model unavailable with the reason.
   *
   * @param modelDir a bge-style model directory, or null for the bundled bge-small
   * @param modelId the id of a directory model (null or blank: the directory's name)
   * @param threads ONNX Runtime intra-op threads, at least 1
   */
  public static QueryModel load(Path modelDir, String modelId, int threads) {
    try {
      TextEmbedder embedder = open(modelDir, modelId, threads);
      try {
        embedder.embedQueries(List.of("warm-up query"));
      } catch (RuntimeException e) {
        embedder.close();
        throw e;
      }
      log.info(
          "query embedding model {} loaded in process ({} intra-op threads)",
          embedder.modelId(),
          threads);
      return new QueryModel(embedder, null);
    } catch (RuntimeException | LinkageError e) {
      String reason =
          "query embedding model "
              + (modelDir == null ? BundledModels.BGE_SMALL_ID : modelDir)
              + " could not load: "
              + e;
      log.error("{}; dense retrieval is unavailable, hybrid answers from BM25 alone", reason);
      return new QueryModel(null, reason);
    }
  }

  private static TextEmbedder open(Path modelDir, String modelId, int threads) {
    EncoderOptions options = EncoderOptions.defaults().withIntraOpThreads(threads);
    if (modelDir == null) {
      return BundledModels.bgeSmallEmbedder(options, BatchingPolicy.unbatched());
    }
    String id = modelId != null && !modelId.isBlank() ? modelId : modelDir.getFileName().toString();
    // Read as embedding-service reads a model directory: bge-style (CLS pooling, normalised, bge
    // query instruction); the ids must match for the collection's vectors to be comparable.
    return new TextEmbedder(
        EncoderModel.load(id, modelDir, options),
        EmbeddingOptions.bge(BundledModels.BGE_QUERY_PREFIX)
            .withBatching(BatchingPolicy.unbatched()));
  }

  public boolean available() {
    return embedder != null;
  }

  /** Why the model is unavailable; null when it is available. */
  public String unavailableReason() {
    return unavailableReason;
  }

  /** The model's id; null when unavailable. */
  public String modelId() {
    return embedder == null ? null : embedder.modelId();
  }

  /**
   * The query's unit vector (the model's query instruction prepended).
   *
   * @throws IllegalStateException when the model is unavailable
   */
  public float[] embed(String query) {
    if (embedder == null) {
      throw new IllegalStateException(unavailableReason);
    }
    return embedder.embedQueries(List.of(query)).vectors().getFirst();
  }

  @Override
  public void close() {
    if (embedder != null) {
      embedder.close();
    }
  }
}
