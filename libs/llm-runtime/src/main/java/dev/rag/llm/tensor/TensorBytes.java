package dev.rag.llm.tensor;

import dev.rag.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;

/**
 * The bytes a tensor of a storage format takes, and the check every format's constructor makes that
 * its memory holds them. (Creating the views is {@code tensor.quant.TensorFormats}' job.)
 */
public final class TensorBytes {
  private TensorBytes() {}

  /**
   * Bytes for {@code size} elements in whole blocks (a flat-blocked tensor may end in a partial
   * block).
   */
  public static long bytesFor(GgmlType type, long size) {
    long blocks = (size + type.blockSize() - 1) / type.blockSize();
    return blocks * type.typeSize();
  }

  /**
   * @throws IllegalArgumentException naming the format, the size and both byte counts when {@code
   *     data} is too short for {@code size} elements of {@code type}
   */
  public static void requireBytes(MemorySegment data, GgmlType type, long size) {
    long needed = bytesFor(type, size);
    if (data.byteSize() < needed) {
      throw new IllegalArgumentException(
          type
              + " tensor of "
              + size
              + " elements needs "
              + needed
              + " bytes, got "
              + data.byteSize());
    }
  }
}
