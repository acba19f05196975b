package dev.rag.llm.tensor.quant;

import dev.rag.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q2_K: super-blocks of 256 elements in 84 bytes: 16 bytes of 4-bit scale (low nibble) and 4-bit
 * min (high nibble) pairs, one per 16 elements, then 64 bytes of 2-bit values, then fp16 {@code d}
 * and fp16 {@code dmin}. Elements come in two halves of 128, each using 32 bytes of values; a half
 * is four groups of 32 (group {@code g} takes bits {@code 2g, 2g+1} of those bytes), element {@code
 * l} of a group reading byte {@code l}. Value = {@code d * scale * q - dmin * min} with pair index
 * {@code element / 16}.
 */
public final class Q2_KTensor extends SuperBlockTensor {
  private static final int QS = 16;
  private static final int D = 80;

  public Q2_KTensor(MemorySegment data, long size) {
    super(GgmlType.Q2_K, data, size, Mins.EIGHT_LANES_FIRST);
  }

  @Override
  void unpack(MemorySegment data, long base, Unpacked u) {
    u.d = f16(data, base + D);
    u.dmin = f16(data, base + D + 2);
    for (int i = 0; i < 16; i++) {
      int sm = u8(data, base + i);
      u.scales[i] = sm & 0x0F;
      u.mins[i] = sm >>> 4;
    }
    // Written out without the shared byte helpers, which left the vectors boxed (see Q6_K).
    for (int half = 0; half < 2; half++) {
      ShortVector qs =
          ByteVector.fromMemorySegment(Layouts.B256, data, base + QS + 32 * half, Layouts.LE)
              .reinterpretAsShorts();
      for (int g = 0; g < 4; g++) {
        ByteVector q = qs.lanewise(VectorOperators.LSHR, 2 * g).reinterpretAsBytes().and((byte) 3);
        int at = 128 * half + 32 * g;
        ((ShortVector) q.castShape(Layouts.S256, 0)).intoArray(u.q, at);
        ((ShortVector) q.castShape(Layouts.S256, 1)).intoArray(u.q, at + 16);
      }
    }
  }

  @Override
  void decodeBlock(MemorySegment data, long base, float[] dst) {
    float d = f16(data, base + D);
    float dmin = f16(data, base + D + 2);
    for (int half = 0; half < 2; half++) {
      long qs = base + QS + 32 * half;
      for (int g = 0; g < 4; g++) {
        int shift = 2 * g;
        int first = 128 * half + 32 * g;
        for (int l = 0; l < 32; l++) {
          int e = first + l;
          int sm = u8(data, base + e / 16);
          float dl = d * (sm & 0x0F);
          float ml = dmin * (sm >>> 4);
          dst[e] = dl * ((u8(data, qs + l) >>> shift) & 3) - ml;
        }
      }
    }
  }
}
