package dev.rag.llm.tensor.quant;

import static dev.rag.llm.tensor.quant.Layouts.I16;
import static dev.rag.llm.tensor.quant.Layouts.I8;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.Tensor;
import dev.rag.llm.tensor.TensorBytes;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Block quantization as ggml's reference quantizers do it: Q8_0 scales by max|x|/127 with rounding;
 * Q4_0 scales by the signed value of largest magnitude divided by -8, so that value maps to nibble
 * 0; Q6_K and Q4_K (super-blocks of 256) search their scales as described in {@link KQuantizer}.
 */
public final class Quantizer {
  private Quantizer() {}

  /**
   * Quantizes all of {@code source} into a new tensor of {@code target} allocated in {@code arena}.
   */
  public static Tensor quantize(Tensor source, GgmlType target, Arena arena) {
    if (!ALLOWED.contains(target)) {
      throw new IllegalArgumentException(
          "cannot quantize to " + target + "; allowed Q8_0, Q4_0, Q6_K, Q4_K");
    }
    if (target == GgmlType.Q6_K || target == GgmlType.Q4_K) {
      return quantizeK(source, target, arena);
    }
    long size = source.size();
    MemorySegment out = arena.allocate(TensorBytes.bytesFor(target, size), 64);
    float[] block = new float[32];
    long blocks = (size + 31) / 32;
    for (long b = 0; b < blocks; b++) {
      int n = (int) Math.min(32, size - b * 32);
      java.util.Arrays.fill(block, 0f);
      source.dequantize(b * 32, block, 0, n);
      if (target == GgmlType.Q8_0) {
        writeQ8Block(block, out, b * Q8_0Tensor.BLOCK_BYTES);
      } else {
        writeQ4Block(block, out, b * Q4_0Tensor.BLOCK_BYTES);
      }
    }
    return TensorFormats.wrap(target, out, size);
  }

  /** The targets {@link #quantize} accepts. */
  public static final java.util.Set<GgmlType> ALLOWED =
      java.util.EnumSet.of(GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q6_K, GgmlType.Q4_K);

  /** Super-blocks of 256; a partial last block is padded with zeros. */
  private static Tensor quantizeK(Tensor source, GgmlType target, Arena arena) {
    long size = source.size();
    int qk = KQuantizer.QK;
    MemorySegment out = arena.allocate(TensorBytes.bytesFor(target, size), 64);
    float[] block = new float[qk];
    long blocks = (size + qk - 1) / qk;
    for (long b = 0; b < blocks; b++) {
      int n = (int) Math.min(qk, size - b * qk);
      java.util.Arrays.fill(block, 0f);
      source.dequantize(b * qk, block, 0, n);
      long base = b * target.typeSize();
      if (target == GgmlType.Q6_K) {
        KQuantizer.writeQ6_KBlock(block, 0, out, base, null);
      } else {
        KQuantizer.writeQ4_KBlock(block, 0, out, base, null);
      }
    }
    return TensorFormats.wrap(target, out, size);
  }

  /** Writes one Q8_0 block of 32 values at byte {@code base}. */
  public static void writeQ8Block(float[] x, MemorySegment out, long base) {
    float amax = 0;
    for (int i = 0; i < 32; i++) {
      amax = Math.max(amax, Math.abs(x[i]));
    }
    float d = amax / 127f;
    float id = d != 0 ? 1f / d : 0f;
    out.set(I16, base, Float.floatToFloat16(d));
    for (int i = 0; i < 32; i++) {
      out.set(I8, base + 2 + i, (byte) Math.round(x[i] * id));
    }
  }

  /** Writes one Q4_0 block of 32 values at byte {@code base}. */
  public static void writeQ4Block(float[] x, MemorySegment out, long base) {
    float amax = 0;
    float max = 0;
    for (int i = 0; i < 32; i++) {
      if (Math.abs(x[i]) > amax) {
        amax = Math.abs(x[i]);
        max = x[i];
      }
    }
    float d = max / -8f;
    float id = d != 0 ? 1f / d : 0f;
    out.set(I16, base, Float.floatToFloat16(d));
    for (int j = 0; j < 16; j++) {
      int lo = Math.min(15, (int) (x[j] * id + 8.5f));
      int hi = Math.min(15, (int) (x[j + 16] * id + 8.5f));
      out.set(I8, base + 2 + j, (byte) (lo | (hi << 4)));
    }
  }
}
