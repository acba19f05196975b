package dev.rag.llm.tensor.quant;

import dev.rag.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q3_K: super-blocks of 256 elements in 110 bytes: 32 bytes of high bits ({@code hmask}), 64 bytes
 * of 2-bit low parts ({@code qs}), 12 bytes holding sixteen 6-bit scales (one per 16 elements,
 * stored with a bias of 32, see {@link #scale}), fp16 {@code d} last.
 *
 * <p>Elements come in two halves of 128, each using 32 bytes of {@code qs}; a half is four groups
 * of 32 (group {@code g} takes bits {@code 2g, 2g+1} of those bytes): element {@code l} of a group
 * reads byte {@code l} of the half's {@code qs}. The group's third bit is bit {@code 4 * half + g}
 * of {@code hmask[l]}; a clear bit subtracts 4. Value = {@code d * (scale - 32) * (q - (bit ? 0 :
 * 4))} with scale index {@code element / 16}.
 */
public final class Q3_KTensor extends SuperBlockTensor {
  private static final int QS = 32;
  private static final int SCALES = 96;
  private static final int D = 108;

  public Q3_KTensor(MemorySegment data, long size) {
    super(GgmlType.Q3_K, data, size, Mins.NONE);
  }

  @Override
  void unpack(MemorySegment data, long base, Unpacked u) {
    u.d = f16(data, base + D);
    for (int i = 0; i < 16; i++) {
      u.scales[i] = scale(data, base + SCALES, i) - 32;
    }
    // Written out without the shared byte helpers, which left the vectors boxed (see Q6_K).
    ShortVector hmask =
        ByteVector.fromMemorySegment(Layouts.B256, data, base, Layouts.LE).reinterpretAsShorts();
    for (int half = 0; half < 2; half++) {
      ShortVector qs =
          ByteVector.fromMemorySegment(Layouts.B256, data, base + QS + 32 * half, Layouts.LE)
              .reinterpretAsShorts();
      for (int g = 0; g < 4; g++) {
        ByteVector low =
            qs.lanewise(VectorOperators.LSHR, 2 * g).reinterpretAsBytes().and((byte) 3);
        // The high bit (4 * half + g) moved to bit 2; a clear one subtracts 4 below.
        ByteVector high =
            hmask
                .lanewise(VectorOperators.LSHR, 4 * half + g)
                .lanewise(VectorOperators.LSHL, 2)
                .reinterpretAsBytes()
                .and((byte) 4);
        ByteVector q = low.or(high).sub((byte) 4);
        int at = 128 * half + 32 * g;
        ((ShortVector) q.castShape(Layouts.S256, 0)).intoArray(u.q, at);
        ((ShortVector) q.castShape(Layouts.S256, 1)).intoArray(u.q, at + 16);
      }
    }
  }

  @Override
  void decodeBlock(MemorySegment data, long base, float[] dst) {
    float d = f16(data, base + D);
    for (int half = 0; half < 2; half++) {
      long qs = base + QS + 32 * half;
      for (int g = 0; g < 4; g++) {
        int shift = 2 * g;
        int bit = 4 * half + g;
        int first = 128 * half + 32 * g;
        for (int l = 0; l < 32; l++) {
          int low = (u8(data, qs + l) >>> shift) & 3;
          int high = (u8(data, base + l) >>> bit) & 1;
          int e = first + l;
          float dl = d * (scale(data, base + SCALES, e / 16) - 32);
          dst[e] = dl * (low - (high != 0 ? 0 : 4));
        }
      }
    }
  }

  /**
   * The unbiased 6-bit scale {@code i} (0..15, still to be reduced by 32) from the 12 packed bytes
   * at {@code at}: the low 4 bits are the low nibble of byte {@code i} for i < 8 and the high
   * nibble of byte {@code i - 8} otherwise; the top 2 bits are bits {@code 2 * (i / 4)} of byte
   * {@code 8 + i % 4}.
   */
  static int scale(MemorySegment data, long at, int i) {
    int low = i < 8 ? u8(data, at + i) & 0x0F : u8(data, at + i - 8) >>> 4;
    int high = (u8(data, at + 8 + i % 4) >>> (2 * (i / 4))) & 3;
    return low | (high << 4);
  }
}
