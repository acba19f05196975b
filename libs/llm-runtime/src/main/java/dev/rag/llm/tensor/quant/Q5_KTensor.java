package dev.rag.llm.tensor.quant;

import dev.rag.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;

/**
 * Q5_K: super-blocks of 256 elements in 176 bytes: fp16 {@code d}, fp16 {@code dmin}, 12 bytes of
 * 6-bit scales and mins packed as in {@link Q4_KTensor}, 32 bytes of fifth bits, 128 bytes of low
 * nibbles. The nibbles are laid out as in Q4_K; the fifth bit of element {@code 64c + l} is bit
 * {@code 2c} of high-bit byte {@code l}, that of element {@code 64c + 32 + l} bit {@code 2c + 1}.
 * Value = {@code d * scale[s] * q - dmin * min[s]} with {@code q} in [0, 31].
 */
public final class Q5_KTensor extends SuperBlockTensor {
  private static final int SCALES = 4;
  private static final int QH = 16;
  private static final int QS = 48;

  public Q5_KTensor(MemorySegment data, long size) {
    super(GgmlType.Q5_K, data, size, Mins.SCALAR);
  }

  @Override
  void unpack(MemorySegment data, long base, Unpacked u) {
    u.d = f16(data, base);
    u.dmin = f16(data, base + 2);
    for (int j = 0; j < 8; j++) {
      u.scales[2 * j] = u.scales[2 * j + 1] = Q4_KTensor.scale(data, base + SCALES, j);
      u.mins[2 * j] = u.mins[2 * j + 1] = Q4_KTensor.min(data, base + SCALES, j);
    }
    ByteVector h = load32(data, base + QH);
    for (int c = 0; c < 4; c++) {
      ByteVector v = load32(data, base + QS + 32 * c);
      store(v.and((byte) 0x0F).or(shiftLeft(shiftRight(h, 2 * c, 1), 4)), u.q, 64 * c);
      store(shiftRight(v, 4, 0x0F).or(shiftLeft(shiftRight(h, 2 * c + 1, 1), 4)), u.q, 64 * c + 32);
    }
  }

  @Override
  void decodeBlock(MemorySegment data, long base, float[] dst) {
    float d = f16(data, base);
    float dmin = f16(data, base + 2);
    for (int c = 0; c < 4; c++) {
      float d1 = d * Q4_KTensor.scale(data, base + SCALES, 2 * c);
      float m1 = dmin * Q4_KTensor.min(data, base + SCALES, 2 * c);
      float d2 = d * Q4_KTensor.scale(data, base + SCALES, 2 * c + 1);
      float m2 = dmin * Q4_KTensor.min(data, base + SCALES, 2 * c + 1);
      for (int l = 0; l < 32; l++) {
        int q = u8(data, base + QS + 32 * c + l);
        int h = u8(data, base + QH + l);
        int lo = (q & 0x0F) | (((h >>> (2 * c)) & 1) << 4);
        int hi = (q >>> 4) | (((h >>> (2 * c + 1)) & 1) << 4);
        dst[64 * c + l] = d1 * lo - m1;
        dst[64 * c + 32 + l] = d2 * hi - m2;
      }
    }
  }
}
