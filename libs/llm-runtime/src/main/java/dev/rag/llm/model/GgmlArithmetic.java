package dev.rag.llm.model;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The float arithmetic of llama.cpp's CPU backend (ggml at c392e509, an AVX-512 build, as the
 * arch-parity references were made) for the operations around the matrix products, so that the
 * {@code q8} path rounds where llama.cpp rounds: its vectorized {@code expf} (in softmax and SiLU),
 * the dot products of {@code ggml_vec_dot_f16} that multiply the F16 KV cache, and the order in
 * which {@code _mm512_reduce_add_ps} sums 16 lanes. Each of these differs from plain Java float
 * code in the last bit now and then, which is enough to flip a later 8-bit rounding.
 */
final class GgmlArithmetic {
  /** Lanes of an AVX-512 float vector. */
  static final int LANES = 16;

  /** Elements {@code ggml_vec_dot_f16} takes per step on AVX-512: four accumulators of 16 lanes. */
  static final int F16_STEP = 4 * LANES;

  /**
   * The C library's {@code cosf} and {@code sinf}, which ggml's RoPE calls: glibc's are within 0.56
   * ulp, not correctly rounded, and differ from {@code (float) Math.cos} for about 1.3 % of the
   * angles of the first 48 positions (measured against glibc 2.36); null where the C library cannot
   * be reached, and then Java's values are used.
   */
  private static final MethodHandle COSF = libm("cosf");

  private static final MethodHandle SINF = libm("sinf");

  private GgmlArithmetic() {}

  private static MethodHandle libm(String name) {
    try {
      Linker linker = Linker.nativeLinker();
      return linker
          .defaultLookup()
          .find(name)
          .map(
              address ->
                  linker.downcallHandle(
                      address,
                      FunctionDescriptor.of(ValueLayout.JAVA_FLOAT, ValueLayout.JAVA_FLOAT)))
          .orElse(null);
    } catch (RuntimeException | LinkageError e) {
      return null; // no native access: Java's cos and sin
    }
  }

  /** {@code cosf(x)} of the C library (Java's correctly rounded value without one). */
  static float cosf(float x) {
    if (COSF == null) {
      return (float) Math.cos(x);
    }
    try {
      return (float) COSF.invokeExact(x);
    } catch (Throwable e) {
      throw new IllegalStateException("cosf", e);
    }
  }

  /** {@code sinf(x)} of the C library (Java's correctly rounded value without one). */
  static float sinf(float x) {
    if (SINF == null) {
      return (float) Math.sin(x);
    }
    try {
      return (float) SINF.invokeExact(x);
    } catch (Throwable e) {
      throw new IllegalStateException("sinf", e);
    }
  }

  /**
   * {@code ggml_v_expf}: 2^n times a degree-5 polynomial of the reduced argument, every step a
   * float operation or FMA as ggml writes it (maximum error 1.45 ulp against the exact value, so it
   * is not {@code (float) Math.exp}).
   */
  static float expf(float x) {
    float r = 0x1.8p23f;
    float z = Math.fma(x, 0x1.715476p+0f, r);
    float n = z - r;
    float b = Math.fma(-n, 0x1.7f7d1cp-20f, Math.fma(-n, 0x1.62e4p-1f, x));
    if (Math.abs(n) > 192f) {
      return n <= 0f ? 0f : Float.POSITIVE_INFINITY;
    }
    float u = b * b;
    float j =
        Math.fma(
            Math.fma(
                Math.fma(0x1.0e4020p-7f, b, 0x1.573e2ep-5f),
                u,
                Math.fma(0x1.555e66p-3f, b, 0x1.fffdb6p-2f)),
            u,
            Math.fma(0x1.ffffecp-1f, b, 1.0f));
    return Math.scalb(j, (int) n);
  }

  /** {@code ggml_v_silu}: {@code x / (1 + expf(0 - x))}. */
  static float silu(float x) {
    return x / (1f + expf(0f - x));
  }

  /**
   * {@code ggml_vec_dot_f16} on AVX-512 for operands already rounded to fp16 (their products are
   * exact in float): whole steps of 64 into four 16-lane accumulators by FMA, the accumulators
   * added (0 + 2) + (1 + 3) and reduced by {@link #reduce16}; the elements after the last whole
   * step, and all of them when there are fewer than 64 (a KV cache view of 32 positions), summed
   * one by one in double. The attention of a decode step runs its two products this way: {@code kq}
   * along the head dimension and {@code kqv} along the cache positions (llama.cpp pads the view to
   * a multiple of 32 with zero weights, which add nothing).
   */
  static float vecDotF16(float[] x, int xOff, float[] y, int yOff, int n, float[][] acc) {
    int whole = n - n % F16_STEP;
    double sum = 0.0;
    if (whole > 0) {
      for (float[] lanes : acc) {
        java.util.Arrays.fill(lanes, 0f);
      }
      for (int i = 0; i < whole; i += F16_STEP) {
        for (int r = 0; r < 4; r++) {
          float[] lanes = acc[r];
          int at = i + r * LANES;
          for (int j = 0; j < LANES; j++) {
            lanes[j] = Math.fma(x[xOff + at + j], y[yOff + at + j], lanes[j]);
          }
        }
      }
      for (int j = 0; j < LANES; j++) {
        acc[0][j] = (acc[0][j] + acc[2][j]) + (acc[1][j] + acc[3][j]);
      }
      sum = reduce16(acc[0]);
    }
    for (int i = whole; i < n; i++) {
      sum += x[xOff + i] * y[yOff + i];
    }
    return (float) sum;
  }

  /** {@code _mm512_reduce_add_ps} as GCC implements it: halves added, then quarters, and so on. */
  static float reduce16(float[] a) {
    float t0 = a[0] + a[8];
    float t1 = a[1] + a[9];
    float t2 = a[2] + a[10];
    float t3 = a[3] + a[11];
    float t4 = a[4] + a[12];
    float t5 = a[5] + a[13];
    float t6 = a[6] + a[14];
    float t7 = a[7] + a[15];
    float u0 = t0 + t4;
    float u1 = t1 + t5;
    float u2 = t2 + t6;
    float u3 = t3 + t7;
    return (u0 + u2) + (u1 + u3);
  }

  /**
   * {@code ggml_compute_forward_soft_max_f32} over {@code x[0, n)} (the unmasked positions; the
   * masked ones llama.cpp adds are exact zeros): {@code expf(x - max)}, the values summed 16 at a
   * time in {@link #reduce16}'s order and those sums in double, then every value multiplied by the
   * float of {@code 1.0 / sum}.
   */
  static void softmax(float[] x, int n) {
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, x[i]);
    }
    float[] lanes = new float[LANES];
    double sum = 0.0;
    for (int from = 0; from < n; from += LANES) {
      for (int j = 0; j < LANES; j++) {
        int i = from + j;
        lanes[j] = i < n ? expf(x[i] - max) : 0f;
        if (i < n) {
          x[i] = lanes[j];
        }
      }
      sum += reduce16(lanes);
    }
    float scale = (float) (1.0 / sum);
    for (int i = 0; i < n; i++) {
      x[i] *= scale;
    }
  }
}
