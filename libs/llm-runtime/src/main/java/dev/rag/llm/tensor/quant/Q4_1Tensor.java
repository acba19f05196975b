package dev.rag.llm.tensor.quant;

import dev.rag.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;

/**
 * Q4_1: blocks of 32 elements in 20 bytes: fp16 scale {@code d}, fp16 offset {@code m}, 16 bytes
 * whose low nibbles are elements 0..15 and high nibbles elements 16..31. Value = {@code d * q + m}.
 */
public final class Q4_1Tensor extends DecodedBlockTensor {
  public Q4_1Tensor(MemorySegment data, long size) {
    super(GgmlType.Q4_1, data, size);
  }

  @Override
  void decodeBlock(MemorySegment data, long base, float[] dst) {
    float d = f16(data, base);
    float m = f16(data, base + 2);
    for (int j = 0; j < 16; j++) {
      int q = u8(data, base + 4 + j);
      dst[j] = (q & 0x0F) * d + m;
      dst[j + 16] = (q >>> 4) * d + m;
    }
  }
}
