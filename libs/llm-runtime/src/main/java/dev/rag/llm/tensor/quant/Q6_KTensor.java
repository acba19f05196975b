package dev.rag.llm.tensor.quant;

import dev.rag.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q6_K: super-blocks of 256 elements in 210 bytes: 128 bytes of low nibbles ({@code ql}), 64 bytes
 * of high 2-bit pairs ({@code qh}), 16 signed 8-bit scales (one per 16 elements), fp16 {@code d}
 * last. Each half of 128 elements uses 64 bytes of {@code ql}, 32 of {@code qh} and 8 scales;
 * within a half, for {@code l} in [0, 32): element {@code l} is the low nibble of {@code ql[l]},
 * element {@code l + 32} the low nibble of {@code ql[l + 32]}, elements {@code l + 64} and {@code l
 * + 96} the high nibbles of those two bytes; their top two bits are bits 0-1, 2-3, 4-5, 6-7 of
 * {@code qh[l]}. Value = {@code d * scale[element / 16] * (q - 32)}, q in [0, 63].
 */
public final class Q6_KTensor extends SuperBlockTensor {
  private static final int QH = 128;
  private static final int SCALES = 192;
  private static final int D = 208;

  public Q6_KTensor(MemorySegment data, long size) {
    super(GgmlType.Q6_K, data, size, Mins.NONE);
  }

  /**
   * Written out without the shared byte helpers: with them, the JIT left this method's vectors
   * boxed (about 4x slower).
   */
  @Override
  void unpack(MemorySegment data, long base, Unpacked u) {
    u.d = f16(data, base + D);
    for (int i = 0; i < 16; i++) {
      u.scales[i] = data.get(Layouts.I8, base + SCALES + i);
    }
    for (int half = 0; half < 2; half++) {
      ByteVector ql0 =
          ByteVector.fromMemorySegment(Layouts.B256, data, base + 64 * half, Layouts.LE);
      ByteVector ql1 =
          ByteVector.fromMemorySegment(Layouts.B256, data, base + 64 * half + 32, Layouts.LE);
      ShortVector qh =
          ByteVector.fromMemorySegment(Layouts.B256, data, base + QH + 32 * half, Layouts.LE)
              .reinterpretAsShorts();
      ShortVector l0 = ql0.reinterpretAsShorts();
      ShortVector l1 = ql1.reinterpretAsShorts();
      // The two high bits of each element, moved to bits 4-5 of its byte: (qh >> 2k & 3) << 4.
      ByteVector h0 = qh.lanewise(VectorOperators.LSHL, 4).reinterpretAsBytes().and((byte) 0x30);
      ByteVector h1 = qh.lanewise(VectorOperators.LSHL, 2).reinterpretAsBytes().and((byte) 0x30);
      ByteVector h2 = qh.reinterpretAsBytes().and((byte) 0x30);
      ByteVector h3 = qh.lanewise(VectorOperators.LSHR, 2).reinterpretAsBytes().and((byte) 0x30);
      ByteVector q0 = ql0.and((byte) 0x0F).or(h0).sub((byte) 32);
      ByteVector q1 = ql1.and((byte) 0x0F).or(h1).sub((byte) 32);
      ByteVector q2 =
          l0.lanewise(VectorOperators.LSHR, 4)
              .reinterpretAsBytes()
              .and((byte) 0x0F)
              .or(h2)
              .sub((byte) 32);
      ByteVector q3 =
          l1.lanewise(VectorOperators.LSHR, 4)
              .reinterpretAsBytes()
              .and((byte) 0x0F)
              .or(h3)
              .sub((byte) 32);
      int out = 128 * half;
      ((ShortVector) q0.castShape(Layouts.S256, 0)).intoArray(u.q, out);
      ((ShortVector) q0.castShape(Layouts.S256, 1)).intoArray(u.q, out + 16);
      ((ShortVector) q1.castShape(Layouts.S256, 0)).intoArray(u.q, out + 32);
      ((ShortVector) q1.castShape(Layouts.S256, 1)).intoArray(u.q, out + 48);
      ((ShortVector) q2.castShape(Layouts.S256, 0)).intoArray(u.q, out + 64);
      ((ShortVector) q2.castShape(Layouts.S256, 1)).intoArray(u.q, out + 80);
      ((ShortVector) q3.castShape(Layouts.S256, 0)).intoArray(u.q, out + 96);
      ((ShortVector) q3.castShape(Layouts.S256, 1)).intoArray(u.q, out + 112);
    }
  }

  @Override
  void decodeBlock(MemorySegment data, long base, float[] dst) {
    float d = f16(data, base + D);
    for (int half = 0; half < 2; half++) {
      long ql = base + 64 * half;
      long qh = base + QH + 32 * half;
      long sc = base + SCALES + 8 * half;
      int out = 128 * half;
      for (int l = 0; l < 32; l++) {
        int a = u8(data, ql + l);
        int b = u8(data, ql + l + 32);
        int h = u8(data, qh + l);
        int q0 = ((a & 0x0F) | ((h & 3) << 4)) - 32;
        int q1 = ((b & 0x0F) | (((h >>> 2) & 3) << 4)) - 32;
        int q2 = ((a >>> 4) | (((h >>> 4) & 3) << 4)) - 32;
        int q3 = ((b >>> 4) | (((h >>> 6) & 3) << 4)) - 32;
        int s = l / 16;
        dst[out + l] = d * data.get(Layouts.I8, sc + s) * q0;
        dst[out + l + 32] = d * data.get(Layouts.I8, sc + s + 2) * q1;
        dst[out + l + 64] = d * data.get(Layouts.I8, sc + s + 4) * q2;
        dst[out + l + 96] = d * data.get(Layouts.I8, sc + s + 6) * q3;
      }
    }
  }
}
