package dev.rag.llm.tensor;

/**
 * A block-quantized tensor that multiplies its rows with {@link Q8Activations} in integer
 * arithmetic. Ranges must be whole blocks: {@code offset} and {@code n} multiples of {@link
 * Q8Activations#BLOCK}.
 */
public interface Q8Dot {

  /**
   * Elements {@code [offset, offset + n)} times token {@code token}'s first {@code n} activations.
   */
  float dot(long offset, Q8Activations x, int token, int n);

  /**
   * {@code out[t] = dot(offset, x, t, n)} for {@code t} in {@code [from, to)}, decoding each weight
   * block once for a group of tokens; bit-identical to {@link #dot}, so a sequence computes the
   * same alone or batched.
   */
  void dotMany(long offset, Q8Activations x, int n, int from, int to, float[] out);
}
