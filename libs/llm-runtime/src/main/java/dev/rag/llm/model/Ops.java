package dev.rag.llm.model;

import dev.rag.llm.tensor.PanelKernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Small element-wise operations of the forward pass. */
public final class Ops {
  private static final VectorSpecies<Float> F = PanelKernel.F;

  private Ops() {}

  /**
   * {@code a[ao, ao + n) · b[bo, bo + n)}: 8-lane chunks alternating between two accumulators,
   * summed in {@link PanelKernel#sum}'s fixed order, the tail (n mod 16) added element by element.
   * Attention's query-key products: a prompt's tokens and a decode step get the same result.
   */
  public static float dot(float[] a, int ao, float[] b, int bo, int n) {
    FloatVector even = FloatVector.zero(F);
    FloatVector odd = FloatVector.zero(F);
    int i = 0;
    for (int upper = n - n % (2 * F.length()); i < upper; i += 2 * F.length()) {
      even = FloatVector.fromArray(F, a, ao + i).fma(FloatVector.fromArray(F, b, bo + i), even);
      odd =
          FloatVector.fromArray(F, a, ao + i + 8).fma(FloatVector.fromArray(F, b, bo + i + 8), odd);
    }
    float sum = PanelKernel.sum(even.add(odd));
    for (; i < n; i++) {
      sum += a[ao + i] * b[bo + i];
    }
    return sum;
  }

  /**
   * Scaled query-key products of two query heads that share a KV head: {@code sa[p] = (q[qa, qa +
   * n) · k[slots[p] + off, + n)) * scale} for {@code p < positions}, likewise {@code sb} for the
   * head at {@code qb}. Each product is exactly {@link #dot}'s arithmetic ({@code n} a multiple of
   * 16); loading each key row once for both heads is what makes it cheaper than two {@code dot}s.
   * The two heads may be the same one (the last head of an odd group).
   */
  static void scoresOfPair(
      float[] q,
      int qa,
      int qb,
      float[] k,
      int[] slots,
      int off,
      int positions,
      int n,
      float scale,
      float[] sa,
      float[] sb) {
    for (int p = 0; p < positions; p++) {
      int base = slots[p] + off;
      FloatVector ae = FloatVector.zero(F);
      FloatVector ao = FloatVector.zero(F);
      FloatVector be = FloatVector.zero(F);
      FloatVector bo = FloatVector.zero(F);
      for (int i = 0; i < n; i += 16) {
        FloatVector key = FloatVector.fromArray(F, k, base + i);
        ae = FloatVector.fromArray(F, q, qa + i).fma(key, ae);
        be = FloatVector.fromArray(F, q, qb + i).fma(key, be);
        key = FloatVector.fromArray(F, k, base + i + 8);
        ao = FloatVector.fromArray(F, q, qa + i + 8).fma(key, ao);
        bo = FloatVector.fromArray(F, q, qb + i + 8).fma(key, bo);
      }
      sa[p] = PanelKernel.sum(ae.add(ao)) * scale;
      sb[p] = PanelKernel.sum(be.add(bo)) * scale;
    }
  }

  /** Dimensions of a head that {@link #valuesOfPair} computes per call. */
  static final int VALUE_SPAN = 32;

  /**
   * Attention-weighted values of two query heads that share a KV head, for {@link #VALUE_SPAN}
   * dimensions: {@code out[oa + d] = Σ_p wa[p] · v[slots[p] + off + d]}, likewise {@code out[ob +
   * d]} with {@code wb}. The sums build up in registers by fma in position order, exactly as {@link
   * #addScaled} from zero would, without loading and storing the output for every position. The two
   * heads may be the same one.
   */
  static void valuesOfPair(
      float[] wa,
      float[] wb,
      float[] v,
      int[] slots,
      int off,
      int positions,
      float[] out,
      int oa,
      int ob) {
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = FloatVector.zero(F);
    FloatVector a2 = FloatVector.zero(F);
    FloatVector a3 = FloatVector.zero(F);
    FloatVector b0 = FloatVector.zero(F);
    FloatVector b1 = FloatVector.zero(F);
    FloatVector b2 = FloatVector.zero(F);
    FloatVector b3 = FloatVector.zero(F);
    for (int p = 0; p < positions; p++) {
      int base = slots[p] + off;
      FloatVector v0 = FloatVector.fromArray(F, v, base);
      FloatVector v1 = FloatVector.fromArray(F, v, base + 8);
      FloatVector v2 = FloatVector.fromArray(F, v, base + 16);
      FloatVector v3 = FloatVector.fromArray(F, v, base + 24);
      FloatVector weight = FloatVector.broadcast(F, wa[p]);
      a0 = v0.fma(weight, a0);
      a1 = v1.fma(weight, a1);
      a2 = v2.fma(weight, a2);
      a3 = v3.fma(weight, a3);
      weight = FloatVector.broadcast(F, wb[p]);
      b0 = v0.fma(weight, b0);
      b1 = v1.fma(weight, b1);
      b2 = v2.fma(weight, b2);
      b3 = v3.fma(weight, b3);
    }
    a0.intoArray(out, oa);
    a1.intoArray(out, oa + 8);
    a2.intoArray(out, oa + 16);
    a3.intoArray(out, oa + 24);
    b0.intoArray(out, ob);
    b1.intoArray(out, ob + 8);
    b2.intoArray(out, ob + 16);
    b3.intoArray(out, ob + 24);
  }

  /** {@code y[yo, yo + n) += alpha * x[xo, xo + n)}, by fma (attention's weighted values). */
  public static void addScaled(float alpha, float[] x, int xo, float[] y, int yo, int n) {
    FloatVector a = FloatVector.broadcast(F, alpha);
    int i = 0;
    for (int upper = F.loopBound(n); i < upper; i += F.length()) {
      FloatVector.fromArray(F, x, xo + i)
          .fma(a, FloatVector.fromArray(F, y, yo + i))
          .intoArray(y, yo + i);
    }
    for (; i < n; i++) {
      y[yo + i] = Math.fma(alpha, x[xo + i], y[yo + i]);
    }
  }

  /** {@code out = x / rms(x) * weight}, with {@code rms = sqrt(mean(x^2) + eps)}. */
  public static void rmsNorm(float[] out, float[] x, float[] weight, float eps) {
    int n = weight.length;
    float ss = 0f;
    for (int i = 0; i < n; i++) {
      ss += x[i] * x[i];
    }
    ss = ss / n + eps;
    float scale = (float) (1.0 / Math.sqrt(ss));
    for (int i = 0; i < n; i++) {
      out[i] = weight[i] * (scale * x[i]);
    }
  }

  /**
   * RMSNorm with ggml's arithmetic ({@code ggml_compute_forward_rms_norm_f32}, then the separate
   * multiply by the weight): the squares (each a float product) summed in double, the mean rounded
   * to float, {@code scale = 1f / sqrtf(mean + eps)} in float, {@code out = (x * scale) * weight}.
   * It differs from {@link #rmsNorm} only in the last bits, which is what matters when reproducing
   * llama.cpp's roundings (an 8-bit or fp16 rounding can land on the other side of a boundary).
   */
  public static void rmsNormLikeGgml(float[] out, float[] x, float[] weight, float eps) {
    int n = weight.length;
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      sum += x[i] * x[i];
    }
    float mean = (float) (sum / n);
    float scale = 1.0f / (float) Math.sqrt(mean + eps);
    for (int i = 0; i < n; i++) {
      out[i] = (x[i] * scale) * weight[i];
    }
  }

  /**
   * In-place softmax of {@code x[0, n)}, 8 lanes at a time, the last partial group under a mask;
   * the exponential is {@link #exp}, the sum in a fixed order, so a position's weights do not
   * depend on how its sequence was batched nor on whether the JIT has compiled this method yet.
   */
  public static void softmax(float[] x, int n) {
    int upper = F.loopBound(n);
    FloatVector maxes = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
    int i = 0;
    for (; i < upper; i += F.length()) {
      maxes = maxes.max(FloatVector.fromArray(F, x, i));
    }
    float max = maxes.reduceLanes(VectorOperators.MAX);
    for (; i < n; i++) {
      max = Math.max(max, x[i]);
    }
    FloatVector sums = FloatVector.zero(F);
    for (i = 0; i < upper; i += F.length()) {
      FloatVector e = exp(FloatVector.fromArray(F, x, i).sub(max));
      e.intoArray(x, i);
      sums = sums.add(e);
    }
    if (i < n) {
      VectorMask<Float> in = F.indexInRange(i, n);
      FloatVector e = exp(FloatVector.fromArray(F, x, i, in).sub(max));
      e.intoArray(x, i, in);
      sums = sums.add(e, in);
    }
    FloatVector total = FloatVector.broadcast(F, PanelKernel.sum(sums));
    for (i = 0; i < upper; i += F.length()) {
      FloatVector.fromArray(F, x, i).div(total).intoArray(x, i);
    }
    for (; i < n; i++) {
      x[i] /= total.lane(0);
    }
  }

  private static final float LOG2_E = 1.442695f;

  /** ln 2 in two parts; the first has few significant bits, so {@code n * LN2_HIGH} is exact. */
  private static final float LN2_HIGH = 0.693145751953125f;

  private static final float LN2_LOW = 1.4286068e-6f;

  /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer. */
  private static final float ROUNDER = 12582912f;

  /** Below this, 2^n would leave the normal floats; softmax weights that small are noise. */
  private static final float EXP_FLOOR = -86.5f;

  /**
   * {@code e^x}, inputs below {@link #EXP_FLOOR} taken as that floor; within an ulp of {@link
   * Math#exp} where the softmax uses it, {@code x <= 0} (largest error 0.91 ulp over 1.6 million
   * sampled inputs). Built from fma, add and integer shifts only, because those give the same bits
   * whether the JIT compiled them or not; the Vector API's own {@code EXP} gives different bits
   * compiled (a vector math library) and interpreted ({@link Math#exp} per lane), which made a
   * token's attention depend on when the JIT got to it. Range reduction {@code x = k ln 2 + r},
   * {@code |r| <= ln 2 / 2}, then a degree-7 Taylor polynomial for {@code e^r}, scaled by {@code
   * 2^k} through the exponent bits.
   */
  static FloatVector exp(FloatVector x) {
    FloatVector v = x.max(EXP_FLOOR);
    FloatVector shifted =
        v.fma(FloatVector.broadcast(F, LOG2_E), FloatVector.broadcast(F, ROUNDER));
    FloatVector k = shifted.sub(ROUNDER);
    FloatVector r = k.fma(FloatVector.broadcast(F, -LN2_HIGH), v);
    r = k.fma(FloatVector.broadcast(F, -LN2_LOW), r);
    FloatVector p = FloatVector.broadcast(F, 1f / 5040);
    p = p.fma(r, FloatVector.broadcast(F, 1f / 720));
    p = p.fma(r, FloatVector.broadcast(F, 1f / 120));
    p = p.fma(r, FloatVector.broadcast(F, 1f / 24));
    p = p.fma(r, FloatVector.broadcast(F, 1f / 6));
    p = p.fma(r, FloatVector.broadcast(F, 0.5f));
    p = p.fma(r, FloatVector.broadcast(F, 1f));
    p = p.fma(r, FloatVector.broadcast(F, 1f));
    // The integer k sits in the low bits of shifted; moved into the exponent field it scales p.
    IntVector exponent =
        shifted
            .reinterpretAsInts()
            .sub(Float.floatToRawIntBits(ROUNDER))
            .lanewise(VectorOperators.LSHL, 23);
    return p.reinterpretAsInts().add(exponent).reinterpretAsFloats();
  }

  /** {@code gate = silu(gate) * up}, the SwiGLU activation. */
  public static void swiglu(float[] gate, float[] up, int n) {
    for (int i = 0; i < n; i++) {
      float g = gate[i];
      gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
    }
  }

  public static void add(float[] acc, float[] x, int n) {
    for (int i = 0; i < n; i++) {
      acc[i] += x[i];
    }
  }
}
