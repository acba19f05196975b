package dev.rag.llm.tensor;

/**
 * A K-quant tensor that multiplies its rows with {@link Q8KActivations} in integer arithmetic, as
 * llama.cpp's CPU backend does. Ranges must be whole 256-element super-blocks.
 */
public interface Q8KDot {

  /**
   * Elements {@code [offset, offset + n)} times token {@code token}'s first {@code n} activations.
   */
  float dot(long offset, Q8KActivations x, int token, int n);

  /**
   * {@code out[t] = dot(offset, x, t, n)} for {@code t} in {@code [from, to)}, unpacking each
   * weight block once for all tokens; bit-identical to {@link #dot}.
   */
  void dotMany(long offset, Q8KActivations x, int n, int from, int to, float[] out);
}
