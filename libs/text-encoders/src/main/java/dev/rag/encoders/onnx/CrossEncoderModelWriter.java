package dev.rag.encoders.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a complete cross-encoder model directory ({@code model.onnx}, {@code tokenizer.json},
 * {@code config.json}) with seeded random weights, in the layout of a HuggingFace export, so {@code
 * cross-encoder/ms-marco-MiniLM-L-6-v2} exported with Optimum can be dropped in instead.
 */
public final class CrossEncoderModelWriter {

  private CrossEncoderModelWriter() {}

  /**
   * Writes the model directory and returns the weights it contains.
   *
   * @param shape network dimensions; {@code vocabSize} must cover the built-in vocabulary
   */
  public static BertWeights write(Path directory, BertShape shape, long seed) throws IOException {
    WordPieceVocabulary vocabulary = WordPieceVocabulary.standard();
    if (shape.vocabSize() < vocabulary.size()) {
      throw new IllegalArgumentException(
          "vocabSize "
              + shape.vocabSize()
              + " must be >= "
              + vocabulary.size()
              + " (the built-in WordPiece vocabulary)");
    }
    Files.createDirectories(directory);
    BertWeights weights = BertWeights.random(shape, seed);
    Files.write(directory.resolve("model.onnx"), BertCrossEncoderGraph.build(weights));
    Files.writeString(directory.resolve("tokenizer.json"), vocabulary.tokenizerJson());
    Files.writeString(directory.resolve("config.json"), configJson(shape));
    return weights;
  }

  /** The vocabulary size a test-sized shape should use: the built-in vocabulary exactly. */
  public static int builtInVocabularySize() {
    return WordPieceVocabulary.standard().size();
  }

  static String configJson(BertShape s) {
    return """
                {
                  "architectures": ["BertForSequenceClassification"],
                  "model_type": "bert",
                  "vocab_size": %d,
                  "hidden_size": %d,
                  "num_hidden_layers": %d,
                  "num_attention_heads": %d,
                  "intermediate_size": %d,
                  "max_position_embeddings": %d,
                  "type_vocab_size": %d,
                  "hidden_act": "gelu",
                  "layer_norm_eps": 1e-12,
                  "num_labels": 1
                }
                """
        .formatted(
            s.vocabSize(),
            s.hidden(),
            s.layers(),
            s.heads(),
            s.intermediate(),
            s.maxPositions(),
            BertShape.TYPE_VOCAB);
  }
}
