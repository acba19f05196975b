package dev.rag.llm.model;

/**
 * Rotary position embedding. Pair i of a head is rotated by {@code pos * theta^(-2i/ropeDim)}; the
 * pair is (2i, 2i+1) for {@link RopeType#NORMAL} and (i, i + ropeDim/2) for {@link RopeType#NEOX}.
 */
public final class Rope {
  private final int headDim;
  private final int ropeDim;
  private final RopeType type;

  /** [ropeDim / 2] */
  private final float[] frequencies;

  /** Null, or the per-pair divisors (kept for {@link #applyLikeGgml}). */
  private final float[] freqFactors;

  private final float theta;

  public Rope(int headDim, int ropeDim, float theta, RopeType type) {
    this(headDim, ropeDim, theta, type, null);
  }

  /**
   * @param freqFactors null, or one divisor per rotated pair ({@code ropeDim / 2}): Llama 3.1-style
   *     context extension stores them as {@code rope_freqs.weight}, and pair i's frequency becomes
   *     {@code theta^(-2i/ropeDim) / freqFactors[i]}
   */
  public Rope(int headDim, int ropeDim, float theta, RopeType type, float[] freqFactors) {
    if (ropeDim <= 0 || ropeDim > headDim || ropeDim % 2 != 0) {
      throw new IllegalArgumentException(
          "ropeDim " + ropeDim + " must be even and in [2, " + headDim + "]");
    }
    if (freqFactors != null && freqFactors.length != ropeDim / 2) {
      throw new IllegalArgumentException(
          "rope frequency factors: " + freqFactors.length + " given, " + ropeDim / 2 + " needed");
    }
    this.headDim = headDim;
    this.ropeDim = ropeDim;
    this.type = type;
    this.theta = theta;
    this.freqFactors = freqFactors == null ? null : freqFactors.clone();
    this.frequencies = new float[ropeDim / 2];
    for (int i = 0; i < ropeDim / 2; i++) {
      // Float math as in llama2.c, so greedy outputs match the published references.
      frequencies[i] = 1.0f / (float) Math.pow(theta, (2 * i) / (float) ropeDim);
      if (freqFactors != null) {
        frequencies[i] /= freqFactors[i];
      }
    }
  }

  /**
   * Rotates {@code heads} heads stored back to back in {@code vec} for token position {@code pos}.
   */
  public void apply(float[] vec, int heads, int pos) {
    int half = ropeDim / 2;
    for (int i = 0; i < half; i++) {
      float angle = pos * frequencies[i];
      float cos = (float) Math.cos(angle);
      float sin = (float) Math.sin(angle);
      rotate(vec, heads, i, cos, sin, false);
    }
  }

  /**
   * The rotation as ggml computes it ({@code ggml_rope_cache_init}, {@code rope_yarn} without YaRN
   * scaling): the angle of pair {@code i} is {@code (pos * s^i) / factor[i]} with {@code s =
   * powf(theta, -2 / ropeDim)} and the power built by repeated float multiplication, which rounds
   * differently from {@link #apply}'s precomputed frequencies; then the C library's {@code
   * cosf}/{@code sinf} ({@link GgmlArithmetic#cosf}).
   */
  public void applyLikeGgml(float[] vec, int heads, int pos) {
    int half = ropeDim / 2;
    float scale = (float) Math.pow(theta, -2.0f / ropeDim);
    float angleBase = pos;
    for (int i = 0; i < half; i++) {
      float angle = freqFactors != null ? angleBase / freqFactors[i] : angleBase;
      float cos = GgmlArithmetic.cosf(angle);
      float sin = GgmlArithmetic.sinf(angle);
      rotate(vec, heads, i, cos, sin, true);
      angleBase *= scale;
    }
  }

  /**
   * Pair {@code i} of every head rotated by the angle with this cosine and sine. {@code fused}: as
   * GCC compiles ggml's {@code x0*cos - x1*sin} and {@code x0*sin + x1*cos} for an FMA target
   * (contraction is on by default in GNU C): the second product rounded, the first fused into it.
   * Plain products differ in the last bit for about one value in ten, and that was the last
   * difference between the {@code q8} path and llama.cpp on the arch-parity files.
   */
  private void rotate(float[] vec, int heads, int i, float cos, float sin, boolean fused) {
    int half = ropeDim / 2;
    int a = type == RopeType.NORMAL ? 2 * i : i;
    int b = type == RopeType.NORMAL ? 2 * i + 1 : i + half;
    for (int h = 0; h < heads; h++) {
      int base = h * headDim;
      float v0 = vec[base + a];
      float v1 = vec[base + b];
      if (fused) {
        vec[base + a] = Math.fma(v0, cos, -(v1 * sin));
        vec[base + b] = Math.fma(v0, sin, v1 * cos);
      } else {
        vec[base + a] = v0 * cos - v1 * sin;
        vec[base + b] = v0 * sin + v1 * cos;
      }
    }
  }
}
