package dev.rag.llm.tensor.quant;

import dev.rag.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;

/**
 * Q5_1: blocks of 32 elements in 24 bytes: fp16 scale {@code d}, fp16 offset {@code m}, the fifth
 * bits as in {@link Q5_0Tensor}, 16 bytes of low nibbles. Value = {@code d * q + m}, q in [0, 31].
 */
public final class Q5_1Tensor extends DecodedBlockTensor {
  public Q5_1Tensor(MemorySegment data, long size) {
    super(GgmlType.Q5_1, data, size);
  }

  @Override
  void decodeBlock(MemorySegment data, long base, float[] dst) {
    float d = f16(data, base);
    float m = f16(data, base + 2);
    int qh = data.get(Layouts.I32, base + 4);
    for (int j = 0; j < 16; j++) {
      int q = u8(data, base + 8 + j);
      int lo = (q & 0x0F) | (((qh >>> j) & 1) << 4);
      int hi = (q >>> 4) | (((qh >>> (j + 16)) & 1) << 4);
      dst[j] = lo * d + m;
      dst[j + 16] = hi * d + m;
    }
  }
}
