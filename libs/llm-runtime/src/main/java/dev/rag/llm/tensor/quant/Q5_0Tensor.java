package dev.rag.llm.tensor.quant;

import dev.rag.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;

/**
 * Q5_0: blocks of 32 elements in 22 bytes: fp16 scale {@code d}, a little-endian 32-bit word whose
 * bit {@code j} is the fifth bit of element {@code j}, 16 bytes of low nibbles (elements 0..15 low,
 * 16..31 high). Value = {@code d * (q - 16)}, q in [0, 31].
 */
public final class Q5_0Tensor extends DecodedBlockTensor {
  public Q5_0Tensor(MemorySegment data, long size) {
    super(GgmlType.Q5_0, data, size);
  }

  @Override
  void decodeBlock(MemorySegment data, long base, float[] dst) {
    float d = f16(data, base);
    int qh = data.get(Layouts.I32, base + 2);
    for (int j = 0; j < 16; j++) {
      int q = u8(data, base + 6 + j);
      int lo = (q & 0x0F) | (((qh >>> j) & 1) << 4);
      int hi = (q >>> 4) | (((qh >>> (j + 16)) & 1) << 4);
      dst[j] = (lo - 16) * d;
      dst[j + 16] = (hi - 16) * d;
    }
  }
}
