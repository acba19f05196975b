package dev.rag.llm.ort.graph;

import dev.rag.llm.tensor.quant.Q4_0Tensor;
import dev.rag.llm.tensor.quant.Q8_0Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A weight matrix in the layout of ONNX Runtime's {@code MatMulNBits}: per output row {@code n} and
 * per block of {@value #BLOCK} inputs, {@code blob} bytes of codes packed low-first along K and one
 * float scale; the value is {@code (code - 2^(bits-1)) * scale} (no zero-point input, so the
 * operator's default midpoint applies).
 *
 * <p>GGUF's Q4_0 and Q8_0 use the same block size and the same symmetric scheme, so the mapping is
 * exact: Q4_0 nibbles keep their values but move (GGUF pairs element j with j + 16 in one byte,
 * MatMulNBits pairs 2i with 2i + 1), Q8_0 signed bytes become unsigned codes by adding 128, and the
 * fp16 scales widen to float without rounding.
 *
 * @param codes [rows x K/32 x blob] packed codes; blob = 16 bytes (4 bits) or 32 bytes (8 bits)
 * @param scales [rows x K/32] per-block scales
 */
public record NBitsWeight(int rows, int cols, int bits, byte[] codes, float[] scales) {
  public static final int BLOCK = 32;
  private static final ValueLayout.OfShort F16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  public NBitsWeight {
    if (bits != 4 && bits != 8) {
      throw new IllegalArgumentException("bits " + bits + " must be 4 or 8");
    }
    if (rows <= 0 || cols <= 0 || cols % BLOCK != 0) {
      throw new IllegalArgumentException(
          "rows " + rows + " and cols " + cols + " must be > 0, cols a multiple of " + BLOCK);
    }
    long blocks = (long) rows * (cols / BLOCK);
    if (codes.length != blocks * BLOCK * bits / 8 || scales.length != blocks) {
      throw new IllegalArgumentException(
          "a "
              + rows
              + " x "
              + cols
              + " matrix needs "
              + blocks * BLOCK * bits / 8
              + " code bytes and "
              + blocks
              + " scales, got "
              + codes.length
              + " and "
              + scales.length);
    }
  }

  /** Whether a GGUF matrix with rows of {@code cols} elements keeps whole blocks per row. */
  public static boolean fits(int cols) {
    return cols % BLOCK == 0;
  }

  public int blocksPerRow() {
    return cols / BLOCK;
  }

  public int blobBytes() {
    return BLOCK * bits / 8;
  }

  /** Repacks a Q4_0 matrix of {@code rows x cols} (out x in) without changing any value. */
  public static NBitsWeight fromQ4_0(Q4_0Tensor tensor, int rows, int cols) {
    requireShape(tensor.size(), rows, cols);
    MemorySegment src = tensor.blocks();
    int blocks = rows * (cols / BLOCK);
    byte[] codes = new byte[blocks * 16];
    float[] scales = new float[blocks];
    for (int b = 0; b < blocks; b++) {
      long base = (long) b * Q4_0Tensor.BLOCK_BYTES;
      scales[b] = Float.float16ToFloat(src.get(F16, base));
      for (int i = 0; i < 16; i++) {
        int lo = nibble(src, base + 2, 2 * i);
        int hi = nibble(src, base + 2, 2 * i + 1);
        codes[b * 16 + i] = (byte) (lo | hi << 4);
      }
    }
    return new NBitsWeight(rows, cols, 4, codes, scales);
  }

  /** Element {@code e} (0..31) of a GGUF Q4_0 block whose 16 code bytes start at {@code qs}. */
  private static int nibble(MemorySegment src, long qs, int e) {
    int packed = src.get(ValueLayout.JAVA_BYTE, qs + (e & 15)) & 0xFF;
    return e < 16 ? packed & 0x0F : packed >>> 4;
  }

  /** Repacks a Q8_0 matrix of {@code rows x cols} (out x in) without changing any value. */
  public static NBitsWeight fromQ8_0(Q8_0Tensor tensor, int rows, int cols) {
    requireShape(tensor.size(), rows, cols);
    MemorySegment src = tensor.blocks();
    int blocks = rows * (cols / BLOCK);
    byte[] codes = new byte[blocks * BLOCK];
    float[] scales = new float[blocks];
    for (int b = 0; b < blocks; b++) {
      long base = (long) b * Q8_0Tensor.BLOCK_BYTES;
      scales[b] = Float.float16ToFloat(src.get(F16, base));
      for (int i = 0; i < BLOCK; i++) {
        codes[b * BLOCK + i] = (byte) (src.get(ValueLayout.JAVA_BYTE, base + 2 + i) + 128);
      }
    }
    return new NBitsWeight(rows, cols, 8, codes, scales);
  }

  /** Decoded element {@code (row, col)}, the value the operator multiplies with. */
  public float get(int row, int col) {
    int block = row * blocksPerRow() + col / BLOCK;
    int j = col % BLOCK;
    int code;
    if (bits == 8) {
      code = codes[block * BLOCK + j] & 0xFF;
    } else {
      int packed = codes[block * 16 + j / 2] & 0xFF;
      code = (j & 1) == 0 ? packed & 0x0F : packed >>> 4;
    }
    return (code - (1 << (bits - 1))) * scales[block];
  }

  private static void requireShape(long size, int rows, int cols) {
    if ((long) rows * cols != size) {
      throw new IllegalArgumentException(
          "tensor of " + size + " elements is not " + rows + " x " + cols);
    }
    if (!fits(cols)) {
      throw new IllegalArgumentException(
          "cols "
              + cols
              + " is not a multiple of "
              + BLOCK
              + "; rows would share blocks, which MatMulNBits cannot express");
    }
  }
}
