package dev.rag.encoders.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.rag.encoders.tokenize.TextTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A loaded encoder: one ONNX session and its tokenizer, shared by all threads.
 *
 * <p>{@link OrtSession#run} is safe to call concurrently, and one session per model keeps the
 * weights in memory once; callers get parallelism from the intra-op thread pool.
 */
public final class EncoderModel implements AutoCloseable {

  public static final String INPUT_IDS = "input_ids";
  public static final String ATTENTION_MASK = "attention_mask";
  public static final String TOKEN_TYPE_IDS = "token_type_ids";

  private final String modelId;
  private final OrtSession session;
  private final TextTokenizer tokenizer;
  private final int maxLength;
  private final boolean usesTokenTypeIds;
  private final String outputName;
  private final OptionalInt outputWidth;

  private EncoderModel(String modelId, OrtSession session, TextTokenizer tokenizer, int maxLength)
      throws OrtException {
    this.modelId = modelId;
    this.session = session;
    this.tokenizer = tokenizer;
    this.maxLength = maxLength;
    Set<String> inputs = session.getInputNames();
    if (!inputs.contains(INPUT_IDS) || !inputs.contains(ATTENTION_MASK)) {
      throw new IllegalArgumentException(
          "model "
              + modelId
              + " must have inputs "
              + INPUT_IDS
              + " and "
              + ATTENTION_MASK
              + "; it has "
              + inputs);
    }
    // Exports without segment embeddings (e.g. DistilBERT) reject an unknown input.
    this.usesTokenTypeIds = inputs.contains(TOKEN_TYPE_IDS);
    Map.Entry<String, NodeInfo> first = session.getOutputInfo().entrySet().iterator().next();
    this.outputName = first.getKey();
    long[] shape = ((TensorInfo) first.getValue().getInfo()).getShape();
    long last = shape[shape.length - 1];
    this.outputWidth = last > 0 ? OptionalInt.of((int) last) : OptionalInt.empty();
  }

  /**
   * Loads {@code model.onnx} and {@code tokenizer.json} (and {@code config.json} if present) from a
   * directory.
   *
   * @param modelId identifier reported with every result, e.g. {@code bge-small-en-v1.5-q}
   */
  public static EncoderModel load(String modelId, Path directory, EncoderOptions options) {
    if (modelId == null || modelId.isBlank()) {
      throw new IllegalArgumentException("modelId must not be blank");
    }
    Path onnx = directory.resolve("model.onnx");
    Path tokenizerJson = directory.resolve("tokenizer.json");
    Path configJson = directory.resolve("config.json");
    if (!Files.isRegularFile(onnx)) {
      throw new IllegalArgumentException("model directory " + directory + " has no model.onnx");
    }
    ModelConfig config =
        Files.isRegularFile(configJson) ? ModelConfig.read(configJson) : ModelConfig.defaults();
    return load(modelId, onnx, tokenizerJson, config, options);
  }

  /** Loads from explicit files, for layouts that name them differently (e.g. the bundled jar). */
  public static EncoderModel load(
      String modelId, Path onnx, Path tokenizerJson, ModelConfig config, EncoderOptions options) {
    int limit =
        options.maxLength() == 0
            ? config.maxPositionEmbeddings()
            : Math.min(options.maxLength(), config.maxPositionEmbeddings());
    TextTokenizer tokenizer = TextTokenizer.load(tokenizerJson);
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      so.setIntraOpNumThreads(options.intraOpThreads());
      // Concurrency across requests comes from callers' threads; inter-op parallelism would
      // only oversubscribe the cores the intra-op pool already uses.
      so.setInterOpNumThreads(1);
      so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx.toString(), so);
      try {
        return new EncoderModel(modelId, session, tokenizer, limit);
      } catch (RuntimeException | OrtException e) {
        session.close();
        throw e;
      }
    } catch (OrtException e) {
      tokenizer.close();
      throw new IllegalStateException("cannot open ONNX model " + onnx + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  public String modelId() {
    return modelId;
  }

  /** Longest sequence fed to the model, special tokens included. */
  public int maxLength() {
    return maxLength;
  }

  public boolean usesTokenTypeIds() {
    return usesTokenTypeIds;
  }

  /**
   * Name of the output used: the first graph output ({@code last_hidden_state} or {@code logits}).
   */
  public String outputName() {
    return outputName;
  }

  /**
   * Last dimension of the first output when static: hidden size for embedders, 1 for
   * cross-encoders.
   */
  public OptionalInt outputWidth() {
    return outputWidth;
  }

  public TextTokenizer tokenizer() {
    return tokenizer;
  }

  /** The shared session; thread-safe for {@code run}. */
  public OrtSession session() {
    return session;
  }

  /** Content tokens of a text by this model's tokenizer, special tokens excluded. */
  public int countTokens(String text) {
    return tokenizer.countTokens(text);
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close session of " + modelId, e);
    } finally {
      tokenizer.close();
    }
  }
}
