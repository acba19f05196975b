package dev.rag.encoders.onnx;

/**
 * Dimensions of a BERT encoder.
 *
 * @param vocabSize rows of the word embedding table
 * @param hidden hidden size; must be a multiple of {@code heads}
 * @param layers transformer layers
 * @param heads attention heads per layer
 * @param intermediate feed-forward width
 * @param maxPositions rows of the position table, i.e. the longest sequence
 */
public record BertShape(
    int vocabSize, int hidden, int layers, int heads, int intermediate, int maxPositions) {

  /** Segment types: 0 for the query, 1 for the passage. */
  public static final int TYPE_VOCAB = 2;

  public BertShape {
    check("vocabSize", vocabSize, 6, 1_000_000);
    check("hidden", hidden, 1, 8192);
    check("layers", layers, 1, 96);
    check("heads", heads, 1, 128);
    check("intermediate", intermediate, 1, 65_536);
    check("maxPositions", maxPositions, 5, 65_536);
    if (hidden % heads != 0) {
      throw new IllegalArgumentException(
          "hidden " + hidden + " must be a multiple of heads " + heads);
    }
  }

  /**
   * cross-encoder/ms-marco-MiniLM-L-6-v2: 384 hidden, 6 layers, 12 heads, 1536 FFN, 30522 words,
   * 512 positions.
   */
  public static BertShape miniLmL6() {
    return new BertShape(30_522, 384, 6, 12, 1536, 512);
  }

  public int headSize() {
    return hidden / heads;
  }

  private static void check(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " " + value + " must be in [" + min + ", " + max + "]");
    }
  }
}
