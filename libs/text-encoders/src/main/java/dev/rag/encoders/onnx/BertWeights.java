package dev.rag.encoders.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * All weights of a BERT cross-encoder, generated from a seed so the ONNX graph and any independent
 * re-implementation see identical numbers. Matrices are row-major {@code [in, out]}, the layout
 * ONNX MatMul multiplies as {@code x · W}.
 *
 * <p>Scales are chosen so activations stay of order one through every layer (uniform weights with
 * variance 1/fan-in): with BERT's usual 0.02 initialisation, random models give near-constant
 * scores, and a parity test on near-constant scores proves little.
 */
public record BertWeights(
    BertShape shape,
    float[] wordEmbeddings,
    float[] positionEmbeddings,
    float[] typeEmbeddings,
    float[] embeddingNormScale,
    float[] embeddingNormBias,
    List<Layer> layers,
    float[] poolerWeight,
    float[] poolerBias,
    float[] classifierWeight,
    float[] classifierBias) {

  /** Weights of one transformer layer. */
  public record Layer(
      float[] query,
      float[] queryBias,
      float[] key,
      float[] keyBias,
      float[] value,
      float[] valueBias,
      float[] attentionOutput,
      float[] attentionOutputBias,
      float[] attentionNormScale,
      float[] attentionNormBias,
      float[] intermediate,
      float[] intermediateBias,
      float[] output,
      float[] outputBias,
      float[] outputNormScale,
      float[] outputNormBias) {}

  public BertWeights {
    layers = List.copyOf(layers);
    if (layers.size() != shape.layers()) {
      throw new IllegalArgumentException(
          "expected " + shape.layers() + " layers, got " + layers.size());
    }
  }

  /** Deterministic weights: the same shape and seed give the same numbers on every JVM. */
  public static BertWeights random(BertShape shape, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int h = shape.hidden();
    int i = shape.intermediate();
    float[] words = uniform(random, (long) shape.vocabSize() * h, 1.0);
    float[] positions = uniform(random, (long) shape.maxPositions() * h, 1.0);
    float[] types = uniform(random, (long) BertShape.TYPE_VOCAB * h, 1.0);
    float[] normScale = around(random, h, 1.0, 0.1);
    float[] normBias = uniform(random, h, 0.1);
    List<Layer> layers = new ArrayList<>();
    for (int l = 0; l < shape.layers(); l++) {
      layers.add(
          new Layer(
              matrix(random, h, h), uniform(random, h, 0.1),
              matrix(random, h, h), uniform(random, h, 0.1),
              matrix(random, h, h), uniform(random, h, 0.1),
              matrix(random, h, h), uniform(random, h, 0.1),
              around(random, h, 1.0, 0.1), uniform(random, h, 0.1),
              matrix(random, h, i), uniform(random, i, 0.1),
              matrix(random, i, h), uniform(random, h, 0.1),
              around(random, h, 1.0, 0.1), uniform(random, h, 0.1)));
    }
    return new BertWeights(
        shape,
        words,
        positions,
        types,
        normScale,
        normBias,
        layers,
        matrix(random, h, h),
        uniform(random, h, 0.1),
        matrix(random, h, 1),
        uniform(random, 1, 0.1));
  }

  /** Uniform in ±sqrt(3 / in): variance 1/in keeps x · W at the scale of x. */
  private static float[] matrix(SplittableRandom random, int in, int out) {
    return uniform(random, (long) in * out, Math.sqrt(3.0 / in));
  }

  private static float[] around(SplittableRandom random, int n, double center, double spread) {
    float[] values = uniform(random, n, spread);
    for (int k = 0; k < n; k++) {
      values[k] += (float) center;
    }
    return values;
  }

  private static float[] uniform(SplittableRandom random, long n, double bound) {
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("tensor of " + n + " values exceeds a Java array");
    }
    float[] values = new float[(int) n];
    for (int k = 0; k < values.length; k++) {
      values[k] = (float) ((random.nextDouble() * 2 - 1) * bound);
    }
    return values;
  }
}
