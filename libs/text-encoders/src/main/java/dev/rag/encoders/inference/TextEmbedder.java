package dev.rag.encoders.inference;

import dev.rag.encoders.model.EncoderModel;
import dev.rag.encoders.tokenize.TokenSpan;
import dev.rag.encoders.tokenize.TokenizedInput;
import java.util.ArrayList;
import java.util.List;

/** Bi-encoder: texts to vectors. Thread-safe; owns (and closes) its model. */
public final class TextEmbedder implements AutoCloseable {

  private final EncoderModel model;
  private final EmbeddingOptions options;

  public TextEmbedder(EncoderModel model, EmbeddingOptions options) {
    if (model == null || options == null) {
      throw new IllegalArgumentException("model and options must not be null");
    }
    this.model = model;
    this.options = options;
  }

  /** Embeds passages (documents) as they are. */
  public Embeddings embed(List<String> texts) {
    return run(texts, "");
  }

  /** Embeds search queries, prepending the configured query instruction. */
  public Embeddings embedQueries(List<String> queries) {
    return run(queries, options.queryPrefix());
  }

  /** Embeds one passage. */
  public float[] embed(String text) {
    return embed(List.of(text)).vectors().getFirst();
  }

  /** Content tokens of a text (no special tokens), as the chunker must count them. */
  public int countTokens(String text) {
    return model.countTokens(text);
  }

  /** Tokens with character offsets, for cutting text at token boundaries. */
  public List<TokenSpan> tokenSpans(String text) {
    return model.tokenizer().tokenSpans(text);
  }

  public String modelId() {
    return model.modelId();
  }

  /** Longest input in tokens, special tokens included; longer texts are truncated. */
  public int maxLength() {
    return model.maxLength();
  }

  public EncoderModel model() {
    return model;
  }

  private Embeddings run(List<String> texts, String prefix) {
    if (texts == null || texts.isEmpty()) {
      throw new IllegalArgumentException("texts must contain at least one text");
    }
    List<TokenizedInput> inputs = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException("text at index " + i + " is null, empty or blank");
      }
      inputs.add(model.tokenizer().encode(prefix + text, model.maxLength()));
    }
    BatchRunner.Run<float[]> run =
        BatchRunner.runAll(model, inputs, options.batching(), this::pool);
    int dimension = run.results().getFirst().length;
    return new Embeddings(model.modelId(), dimension, run.results(), run.stats());
  }

  private float[] pool(BatchOutput output, int row, TokenizedInput input) {
    long[] shape = output.shape();
    if (shape.length != 3) {
      throw new IllegalStateException(
          "embedder output must be [batch, length, hidden], got rank " + shape.length);
    }
    int length = (int) shape[1];
    int hidden = (int) shape[2];
    int base = row * output.rowStride();
    float[] vector = new float[hidden];
    float[] values = output.values();
    if (options.pooling() == Pooling.CLS) {
      System.arraycopy(values, base, vector, 0, hidden);
    } else {
      // Only real tokens: padded positions carry hidden states too, and must not be averaged in.
      int real = Math.min(input.length(), length);
      for (int t = 0; t < real; t++) {
        int offset = base + t * hidden;
        for (int h = 0; h < hidden; h++) {
          vector[h] += values[offset + h];
        }
      }
      for (int h = 0; h < hidden; h++) {
        vector[h] /= real;
      }
    }
    if (options.normalize()) {
      normalize(vector);
    }
    return vector;
  }

  private static void normalize(float[] vector) {
    double sum = 0;
    for (float v : vector) {
      sum += (double) v * v;
    }
    double norm = Math.sqrt(sum);
    if (norm > 0) {
      for (int i = 0; i < vector.length; i++) {
        vector[i] = (float) (vector[i] / norm);
      }
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
