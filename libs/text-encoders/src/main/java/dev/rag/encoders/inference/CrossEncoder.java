package dev.rag.encoders.inference;

import dev.rag.encoders.model.EncoderModel;
import dev.rag.encoders.tokenize.TokenizedInput;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores (query, passage) pairs with a BERT cross-encoder whose first output is {@code logits} of
 * shape {@code [batch, 1]}. Thread-safe; owns (and closes) its model.
 */
public final class CrossEncoder implements AutoCloseable {

  private final EncoderModel model;
  private final CrossEncoderOptions options;

  public CrossEncoder(EncoderModel model, CrossEncoderOptions options) {
    if (model == null || options == null) {
      throw new IllegalArgumentException("model and options must not be null");
    }
    if (model.outputWidth().isPresent() && model.outputWidth().getAsInt() != 1) {
      throw new IllegalArgumentException(
          "cross-encoder "
              + model.modelId()
              + " must output one logit per pair; its output width is "
              + model.outputWidth().getAsInt());
    }
    this.model = model;
    this.options = options;
  }

  /** Scores every passage against one query; passages longer than the model limit are truncated. */
  public PairScores score(String query, List<String> passages) {
    if (passages == null || passages.isEmpty()) {
      throw new IllegalArgumentException("passages must contain at least one passage");
    }
    List<TokenizedInput> inputs = new ArrayList<>(passages.size());
    for (int i = 0; i < passages.size(); i++) {
      String passage = passages.get(i);
      if (passage == null || passage.isBlank()) {
        throw new IllegalArgumentException("passage at index " + i + " is null, empty or blank");
      }
      inputs.add(model.tokenizer().encodePair(query, passage, model.maxLength()));
    }
    BatchRunner.Run<Float> run = BatchRunner.runAll(model, inputs, options.batching(), this::logit);
    float[] scores = new float[passages.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = run.results().get(i);
    }
    return new PairScores(model.modelId(), scores, run.stats());
  }

  public String modelId() {
    return model.modelId();
  }

  public int maxLength() {
    return model.maxLength();
  }

  public EncoderModel model() {
    return model;
  }

  private Float logit(BatchOutput output, int row, TokenizedInput input) {
    float logit = output.values()[row * output.rowStride()];
    return options.sigmoid() ? (float) (1.0 / (1.0 + Math.exp(-logit))) : logit;
  }

  @Override
  public void close() {
    model.close();
  }
}
