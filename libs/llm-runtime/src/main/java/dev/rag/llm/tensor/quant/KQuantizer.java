package dev.rag.llm.tensor.quant;

import static dev.rag.llm.tensor.quant.Layouts.I16;
import static dev.rag.llm.tensor.quant.Layouts.I8;

import java.lang.foreign.MemorySegment;

/**
 * Quantizers for the K-quant super-blocks of 256 values that {@link Q6_KTensor} and {@link
 * Q4_KTensor} decode (the GGUF layouts), following the scale searches of ggml's reference
 * quantizers ({@code quantize_row_q6_K_ref}, {@code quantize_row_q4_K_ref}); written from the
 * algorithm, not ported.
 *
 * <ul>
 *   <li><b>Q6_K</b>: per 16-value sub-block a signed scale from the value of largest magnitude
 *       ({@code -32 / max}, so that value maps to level -32), refined by trying 18 nearby inverse
 *       scales and keeping the one with the best least-squares fit weighted by {@code x²}; the 16
 *       scales are then stored as int8 against one fp16 super-scale {@code d = maxScale / -128},
 *       and every value is re-rounded against its final (stored) scale {@code d * sc}, clamped to
 *       [-32, 31].
 *   <li><b>Q4_K</b>: per 32-value sub-block a scale and a min (value = {@code scale * q - min}, q
 *       in [0, 15], min ≥ 0 i.e. the offset never pushes 0 out of range), found by ggml's iterative
 *       refinement: start from {@code (max - min) / 15}, then for 21 candidate inverse scales round
 *       the values, solve the weighted least-squares scale and offset for those levels, and keep
 *       the best (weights {@code rms(sub-block) + |x|}); scales and mins are then stored as 6-bit
 *       integers against the fp16 super-scales {@code d = maxScale / 63} and {@code dmin = maxMin /
 *       63}, and every value is re-rounded against its final stored scale and min.
 * </ul>
 *
 * <p>Each writer also returns, in {@code recon}, the values the block decodes to, computed from the
 * stored integers with the same float operations as the decoders, so tests can check that the
 * tensor classes read back exactly what the quantizer meant.
 */
public final class KQuantizer {
  /** Values per super-block. */
  public static final int QK = 256;

  /** Below this magnitude a group counts as all zero (ggml's GROUP_MAX_EPS). */
  private static final float EPS = 1e-15f;

  private KQuantizer() {}

  private static int nearest(float v) {
    return (int) Math.rint(v);
  }

  // ---------------------------------------------------------------- Q6_K

  /**
   * Writes one Q6_K block (210 bytes) of {@code x[xo, xo + 256)} at byte {@code base} of {@code
   * out} and, if {@code recon} is not null, the decoded values into {@code recon[0, 256)}.
   */
  public static void writeQ6_KBlock(
      float[] x, int xo, MemorySegment out, long base, float[] recon) {
    int[] levels = new int[QK];
    float[] scales = new float[16];
    float maxScale = 0;
    float maxAbsScale = 0;
    for (int s = 0; s < 16; s++) {
      float sc = symmetricScale(x, xo + 16 * s, 16, 32);
      scales[s] = sc;
      if (Math.abs(sc) > maxAbsScale) {
        maxAbsScale = Math.abs(sc);
        maxScale = sc;
      }
    }
    byte[] sc8 = new byte[16];
    short dBits = 0;
    if (maxAbsScale >= EPS) {
      float iscale = -128f / maxScale;
      dBits = Float.floatToFloat16(1f / iscale);
      float d = Float.float16ToFloat(dBits);
      for (int s = 0; s < 16; s++) {
        sc8[s] = (byte) Math.max(-128, Math.min(127, nearest(iscale * scales[s])));
        float ds = d * sc8[s];
        if (ds == 0) {
          continue;
        }
        for (int i = 0; i < 16; i++) {
          int l = Math.max(-32, Math.min(31, nearest(x[xo + 16 * s + i] / ds)));
          levels[16 * s + i] = l + 32;
        }
      }
    }
    for (int s = 0; s < 16; s++) {
      if (sc8[s] == 0 || dBits == 0) {
        // A zero (sub-)scale decodes to 0 whatever the level; store the midpoint.
        java.util.Arrays.fill(levels, 16 * s, 16 * s + 16, 32);
      }
    }
    // Pack: per half of 128, ql[l] = q[l] | q[l+64] << 4, ql[l+32] = q[l+32] | q[l+96] << 4,
    // qh[l] = top two bits of q[l], q[l+32], q[l+64], q[l+96].
    for (int half = 0; half < 2; half++) {
      int q = 128 * half;
      long ql = base + 64 * half;
      long qh = base + 128 + 32 * half;
      for (int l = 0; l < 32; l++) {
        int a = levels[q + l];
        int b = levels[q + l + 32];
        int c = levels[q + l + 64];
        int e = levels[q + l + 96];
        out.set(I8, ql + l, (byte) ((a & 0xF) | ((c & 0xF) << 4)));
        out.set(I8, ql + l + 32, (byte) ((b & 0xF) | ((e & 0xF) << 4)));
        out.set(
            I8, qh + l, (byte) ((a >> 4) | ((b >> 4) << 2) | ((c >> 4) << 4) | ((e >> 4) << 6)));
      }
    }
    for (int s = 0; s < 16; s++) {
      out.set(I8, base + 192 + s, sc8[s]);
    }
    out.set(I16, base + 208, dBits);
    if (recon != null) {
      float d = Float.float16ToFloat(dBits);
      for (int i = 0; i < QK; i++) {
        recon[i] = d * sc8[i / 16] * (levels[i] - 32);
      }
    }
  }

  /**
   * The scale of a symmetric quantization of {@code x[o, o + n)} to levels [-nmax, nmax - 1]: start
   * at {@code -nmax / max} (max = the value of largest magnitude, which lands on -nmax), try
   * inverse scales {@code -(nmax + 0.1 k) / max} for k = ±1..±9, and return the least-squares scale
   * (weights {@code x²}) of the best. 0 for an all-zero group.
   */
  static float symmetricScale(float[] x, int o, int n, int nmax) {
    float max = 0;
    float amax = 0;
    for (int i = 0; i < n; i++) {
      float ax = Math.abs(x[o + i]);
      if (ax > amax) {
        amax = ax;
        max = x[o + i];
      }
    }
    if (amax < EPS) {
      return 0;
    }
    float best = 0;
    float bestScale = 0;
    for (int k = 0; k <= 18; k++) {
      // k = 0 is the plain max-abs scale; then the 18 perturbations around it.
      int step = k == 0 ? 0 : (k <= 9 ? k - 10 : k - 9);
      float iscale = -(nmax + 0.1f * step) / max;
      float sumlx = 0;
      float suml2 = 0;
      for (int i = 0; i < n; i++) {
        float v = x[o + i];
        int l = Math.max(-nmax, Math.min(nmax - 1, nearest(iscale * v)));
        float w = v * v;
        sumlx += w * v * l;
        suml2 += w * l * l;
      }
      // Weighted error of the LS fit = sum w x² - sumlx² / suml2, so maximise sumlx² / suml2.
      if (suml2 > 0 && (k == 0 || sumlx * sumlx > best * suml2)) {
        bestScale = sumlx / suml2;
        best = bestScale * sumlx;
      }
    }
    return bestScale;
  }

  // ---------------------------------------------------------------- Q4_K

  /**
   * Writes one Q4_K block (144 bytes) of {@code x[xo, xo + 256)} at byte {@code base} of {@code
   * out} and, if {@code recon} is not null, the decoded values into {@code recon[0, 256)}.
   */
  public static void writeQ4_KBlock(
      float[] x, int xo, MemorySegment out, long base, float[] recon) {
    float[] scales = new float[8];
    float[] mins = new float[8];
    float[] weights = new float[32];
    float maxScale = 0;
    float maxMin = 0;
    for (int s = 0; s < 8; s++) {
      int o = xo + 32 * s;
      float sum2 = 0;
      for (int i = 0; i < 32; i++) {
        sum2 += x[o + i] * x[o + i];
      }
      float av = (float) Math.sqrt(sum2 / 32);
      for (int i = 0; i < 32; i++) {
        weights[i] = av + Math.abs(x[o + i]);
      }
      float[] scaleMin = affineScaleMin(x, o, 32, 15, weights);
      scales[s] = scaleMin[0];
      mins[s] = scaleMin[1];
      maxScale = Math.max(maxScale, scales[s]);
      maxMin = Math.max(maxMin, mins[s]);
    }
    float invScale = maxScale > 0 ? 63f / maxScale : 0f;
    float invMin = maxMin > 0 ? 63f / maxMin : 0f;
    int[] ls = new int[8];
    int[] lm = new int[8];
    for (int s = 0; s < 8; s++) {
      ls[s] = Math.max(0, Math.min(63, nearest(invScale * scales[s])));
      lm[s] = Math.max(0, Math.min(63, nearest(invMin * mins[s])));
    }
    short dBits = Float.floatToFloat16(maxScale / 63f);
    short dminBits = Float.floatToFloat16(maxMin / 63f);
    float d = Float.float16ToFloat(dBits);
    float dmin = Float.float16ToFloat(dminBits);
    int[] levels = new int[QK];
    for (int s = 0; s < 8; s++) {
      float ds = d * ls[s];
      if (ds == 0) {
        continue;
      }
      float dm = dmin * lm[s];
      for (int i = 0; i < 32; i++) {
        int l = nearest((x[xo + 32 * s + i] + dm) / ds);
        levels[32 * s + i] = Math.max(0, Math.min(15, l));
      }
    }
    out.set(I16, base, dBits);
    out.set(I16, base + 2, dminBits);
    byte[] packed = new byte[12];
    for (int s = 0; s < 8; s++) {
      if (s < 4) {
        packed[s] = (byte) ls[s];
        packed[s + 4] = (byte) lm[s];
      } else {
        packed[s + 4] = (byte) ((ls[s] & 0xF) | ((lm[s] & 0xF) << 4));
        packed[s - 4] |= (byte) ((ls[s] >> 4) << 6);
        packed[s] |= (byte) ((lm[s] >> 4) << 6);
      }
    }
    for (int i = 0; i < 12; i++) {
      out.set(I8, base + 4 + i, packed[i]);
    }
    for (int c = 0; c < 4; c++) {
      for (int l = 0; l < 32; l++) {
        out.set(
            I8,
            base + 16 + 32 * c + l,
            (byte) (levels[64 * c + l] | (levels[64 * c + 32 + l] << 4)));
      }
    }
    if (recon != null) {
      for (int s = 0; s < 8; s++) {
        float d1 = d * ls[s];
        float m1 = dmin * lm[s];
        for (int i = 0; i < 32; i++) {
          recon[32 * s + i] = d1 * levels[32 * s + i] - m1;
        }
      }
    }
  }

  /**
   * Fits {@code x ≈ scale * q + offset} with q in [0, nmax] and offset ≤ 0 to {@code x[o, o + n)},
   * minimising the {@code weights}-weighted squared error: the first guess maps [min(x, 0), max(x)]
   * onto [0, nmax]; then inverse scales {@code (nmax - 1 + 0.1 k) / (max - min)}, k = 0..20, each
   * give levels for which scale and offset are solved in closed form (offset clamped to ≤ 0), and
   * the candidate with the smallest error wins. Returns {scale, -offset} (the stored min, ≥ 0).
   */
  static float[] affineScaleMin(float[] x, int o, int n, int nmax, float[] weights) {
    float min = x[o];
    float max = x[o];
    float sumW = 0;
    float sumX = 0;
    for (int i = 0; i < n; i++) {
      float v = x[o + i];
      min = Math.min(min, v);
      max = Math.max(max, v);
      sumW += weights[i];
      sumX += weights[i] * v;
    }
    if (min > 0) {
      min = 0;
    }
    if (max == min) {
      return new float[] {0, -min};
    }
    float iscale = nmax / (max - min);
    float scale = 1 / iscale;
    float bestError = 0;
    for (int i = 0; i < n; i++) {
      int l = Math.max(0, Math.min(nmax, nearest(iscale * (x[o + i] - min))));
      float diff = scale * l + min - x[o + i];
      bestError += weights[i] * diff * diff;
    }
    for (int k = 0; k <= 20; k++) {
      float is = (-1f + 0.1f * k + nmax) / (max - min);
      float sumL = 0;
      float sumL2 = 0;
      float sumXL = 0;
      int[] levels = new int[n];
      for (int i = 0; i < n; i++) {
        int l = Math.max(0, Math.min(nmax, nearest(is * (x[o + i] - min))));
        levels[i] = l;
        float w = weights[i];
        sumL += w * l;
        sumL2 += w * l * l;
        sumXL += w * l * x[o + i];
      }
      float det = sumW * sumL2 - sumL * sumL;
      if (det > 0) {
        float thisScale = (sumW * sumXL - sumX * sumL) / det;
        float thisMin = (sumL2 * sumX - sumL * sumXL) / det;
        if (thisMin > 0) {
          thisMin = 0;
          thisScale = sumXL / sumL2;
        }
        float err = 0;
        for (int i = 0; i < n; i++) {
          float diff = thisScale * levels[i] + thisMin - x[o + i];
          err += weights[i] * diff * diff;
        }
        if (err < bestError) {
          bestError = err;
          scale = thisScale;
          min = thisMin;
        }
      }
    }
    return new float[] {scale, -min};
  }
}
