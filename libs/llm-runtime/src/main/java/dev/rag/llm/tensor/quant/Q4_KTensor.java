package dev.rag.llm.tensor.quant;

import dev.rag.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q4_K: super-blocks of 256 elements in 144 bytes: fp16 {@code d}, fp16 {@code dmin}, 12 bytes
 * holding eight 6-bit scales and eight 6-bit mins (one pair per 32 elements, see {@link #scale} and
 * {@link #min}), then 128 bytes of 4-bit values. Each 64 elements share 32 bytes: element {@code
 * 64c + l} is the low nibble of byte {@code 32c + l}, element {@code 64c + 32 + l} its high nibble.
 * Value = {@code d * scale[s] * q - dmin * min[s]} for sub-block {@code s = element / 32}.
 */
public final class Q4_KTensor extends SuperBlockTensor {
  static final int SCALES = 4;
  private static final int QS = 16;

  public Q4_KTensor(MemorySegment data, long size) {
    super(GgmlType.Q4_K, data, size, Mins.FOUR_LANES);
  }

  @Override
  void unpack(MemorySegment data, long base, Unpacked u) {
    unpackHeader(data, base, u);
    // Written out without the shared byte helpers, which left the vectors boxed (see Q6_K).
    for (int c = 0; c < 4; c++) {
      ByteVector v =
          ByteVector.fromMemorySegment(Layouts.B256, data, base + QS + 32 * c, Layouts.LE);
      ByteVector lo = v.and((byte) 0x0F);
      ByteVector hi =
          v.reinterpretAsShorts()
              .lanewise(VectorOperators.LSHR, 4)
              .reinterpretAsBytes()
              .and((byte) 0x0F);
      ((ShortVector) lo.castShape(Layouts.S256, 0)).intoArray(u.q, 64 * c);
      ((ShortVector) lo.castShape(Layouts.S256, 1)).intoArray(u.q, 64 * c + 16);
      ((ShortVector) hi.castShape(Layouts.S256, 0)).intoArray(u.q, 64 * c + 32);
      ((ShortVector) hi.castShape(Layouts.S256, 1)).intoArray(u.q, 64 * c + 48);
    }
  }

  @Override
  void decodeBlock(MemorySegment data, long base, float[] dst) {
    float d = f16(data, base);
    float dmin = f16(data, base + 2);
    for (int c = 0; c < 4; c++) {
      float d1 = d * scale(data, base + SCALES, 2 * c);
      float m1 = dmin * min(data, base + SCALES, 2 * c);
      float d2 = d * scale(data, base + SCALES, 2 * c + 1);
      float m2 = dmin * min(data, base + SCALES, 2 * c + 1);
      for (int l = 0; l < 32; l++) {
        int q = u8(data, base + QS + 32 * c + l);
        dst[64 * c + l] = d1 * (q & 0x0F) - m1;
        dst[64 * c + 32 + l] = d2 * (q >>> 4) - m2;
      }
    }
  }

  /** The fp16 scales and the eight 6-bit scale/min pairs, as Q4_K and Q5_K store them. */
  static void unpackHeader(MemorySegment data, long base, Unpacked u) {
    u.d = f16(data, base);
    u.dmin = f16(data, base + 2);
    for (int j = 0; j < 8; j++) {
      u.scales[2 * j] = u.scales[2 * j + 1] = scale(data, base + SCALES, j);
      u.mins[2 * j] = u.mins[2 * j + 1] = min(data, base + SCALES, j);
    }
  }

  /**
   * The 6-bit scale of sub-block {@code j} (0..7) from the 12 packed bytes at {@code at} (shared
   * with Q5_K). Sub-blocks 0..3 keep scale and min in the low 6 bits of bytes j and j + 4;
   * sub-blocks 4..7 keep their low 4 bits in the nibbles of byte j + 4 and their top 2 bits in the
   * top bits of bytes j - 4 (scale) and j (min).
   */
  static int scale(MemorySegment data, long at, int j) {
    if (j < 4) {
      return u8(data, at + j) & 63;
    }
    return (u8(data, at + j + 4) & 0x0F) | ((u8(data, at + j - 4) >>> 6) << 4);
  }

  /** The 6-bit min of sub-block {@code j}; see {@link #scale}. */
  static int min(MemorySegment data, long at, int j) {
    if (j < 4) {
      return u8(data, at + j + 4) & 63;
    }
    return (u8(data, at + j + 4) >>> 4) | ((u8(data, at + j) >>> 6) << 4);
  }
}
