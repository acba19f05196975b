package dev.rag.llm.tensor.quant;

import dev.rag.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

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
    Q4_KTensor.unpackHeader(data, base, u);
    // Written out without the shared byte helpers, which left the vectors boxed (see Q6_K).
    ShortVector h =
        ByteVector.fromMemorySegment(Layouts.B256, data, base + QH, Layouts.LE)
            .reinterpretAsShorts();
    for (int c = 0; c < 4; c++) {
      ByteVector v =
          ByteVector.fromMemorySegment(Layouts.B256, data, base + QS + 32 * c, Layouts.LE);
      // Bit 2c (2c + 1) of each high-bit byte, moved to bit 4: (h >> 2c & 1) << 4.
      ByteVector h0 =
          h.lanewise(VectorOperators.LSHR, 2 * c)
              .lanewise(VectorOperators.LSHL, 4)
              .reinterpretAsBytes()
              .and((byte) 0x10);
      ByteVector h1 =
          h.lanewise(VectorOperators.LSHR, 2 * c + 1)
              .lanewise(VectorOperators.LSHL, 4)
              .reinterpretAsBytes()
              .and((byte) 0x10);
      ByteVector lo = v.and((byte) 0x0F).or(h0);
      ByteVector hi =
          v.reinterpretAsShorts()
              .lanewise(VectorOperators.LSHR, 4)
              .reinterpretAsBytes()
              .and((byte) 0x0F)
              .or(h1);
      // CPD-OFF: these stores repeat Q4_K's on purpose; a shared helper left the vectors boxed.
      ((ShortVector) lo.castShape(Layouts.S256, 0)).intoArray(u.q, 64 * c);
      ((ShortVector) lo.castShape(Layouts.S256, 1)).intoArray(u.q, 64 * c + 16);
      ((ShortVector) hi.castShape(Layouts.S256, 0)).intoArray(u.q, 64 * c + 32);
      ((ShortVector) hi.castShape(Layouts.S256, 1)).intoArray(u.q, 64 * c + 32 + 16);
      // CPD-ON
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
