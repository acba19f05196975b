package dev.rag.llm.tensor.quant;

import static dev.rag.llm.tensor.quant.Layouts.F;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.RowPanels;
import dev.rag.llm.tensor.Tensor;
import dev.rag.llm.tensor.TensorBytes;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * A block format computed by decoding each block to floats and multiplying those with the float
 * activations: the K-quants (256-element super-blocks) and the legacy Q4_1, Q5_0, Q5_1. Each format
 * only says how one block decodes ({@link #decodeBlock}), written as a plain scalar loop straight
 * from the ggml layout; what is vectorized is the multiply-add of a decoded block with the
 * activations, 8 float lanes at a time. Blocks are indexed over the flattened tensor, as in {@link
 * Q8_0Tensor}, so a range that starts or ends inside a block is handled by decoding that block and
 * using part of it.
 *
 * <p>The decoded weights are exactly the values ggml's dequantize functions produce (same fp16
 * scales, same float products), so a dot product differs from llama.cpp's only in that llama.cpp
 * rounds the activations to 8 bits first (Q8_K blocks) and sums in a different order.
 */
abstract sealed class DecodedBlockTensor implements Tensor, RowPanels
    permits SuperBlockTensor, Q4_1Tensor, Q5_0Tensor, Q5_1Tensor {

  private final GgmlType type;
  private final MemorySegment data;
  private final long size;
  private final int block;
  private final int blockBytes;

  DecodedBlockTensor(GgmlType type, MemorySegment data, long size) {
    TensorBytes.requireBytes(data, type, size);
    if (type.blockSize() % (2 * F.length()) != 0) {
      throw new IllegalArgumentException(
          type + " block of " + type.blockSize() + " is not a whole number of lane pairs");
    }
    this.type = type;
    this.data = data;
    this.size = size;
    this.block = type.blockSize();
    this.blockBytes = type.typeSize();
  }

  /**
   * Decodes the block whose bytes start at {@code base} in {@code data} into {@code dst[0,
   * blockSize)}. Implementations are plain scalar code that follows the ggml block layout.
   */
  abstract void decodeBlock(MemorySegment data, long base, float[] dst);

  /**
   * Decodes a block for the kernels and row lookups: {@link #decodeBlock} unless a format has a
   * vectorized decoder that gives the same floats.
   */
  void decode(MemorySegment data, long base, float[] dst) {
    decodeBlock(data, base, dst);
  }

  /** The blocks, for subclasses' own kernels. */
  final MemorySegment segment() {
    return data;
  }

  /**
   * The raw blocks as stored in GGUF, read-only; for backends that repack them instead of
   * dequantizing.
   */
  public final MemorySegment blocks() {
    return data.asReadOnly();
  }

  @Override
  public final GgmlType type() {
    return type;
  }

  @Override
  public final long size() {
    return size;
  }

  @Override
  public final long byteSize() {
    return TensorBytes.bytesFor(type, size);
  }

  /** Decodes the whole enclosing block (slow; reference and tests only). */
  @Override
  public final float get(long index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + " outside [0, " + size + ")");
    }
    float[] w = new float[block];
    decodeBlock(data, index / block * blockBytes, w);
    return w[(int) (index % block)];
  }

  /** Row lookup (token embeddings): each touched block is decoded once. */
  @Override
  public final void dequantize(long offset, float[] dst, int dstOffset, int n) {
    float[] w = new float[block];
    int i = 0;
    while (i < n) {
      long b = (offset + i) / block;
      int from = (int) ((offset + i) - b * block);
      int len = Math.min(block - from, n - i);
      decode(data, b * blockBytes, w);
      System.arraycopy(w, from, dst, dstOffset + i, len);
      i += len;
    }
  }

  @Override
  public final int rowBlock() {
    return block;
  }

  /** The decoded blocks of consecutive rows: the floats {@link #dot} multiplies. */
  @Override
  public final void decodeRows(long offset, int cols, int rows, float[] panel) {
    dequantize(offset, panel, 0, cols * rows);
  }

  /**
   * Whole blocks go through the vector loop; a partial block at either end is decoded and summed
   * element by element. The vector loop's arithmetic is {@link dev.rag.llm.tensor.PanelKernel}'s
   * (8-lane chunks alternating between two accumulators) and {@link #dot4}'s, so a token gets
   * bit-identical results alone, batched or in a prompt's panels.
   */
  @Override
  public final float dot(long offset, float[] x, int xOffset, int n) {
    float[] w = new float[block];
    FloatVector even = FloatVector.zero(F);
    FloatVector odd = FloatVector.zero(F);
    float partial = 0f;
    int i = 0;
    while (i < n) {
      long b = (offset + i) / block;
      int from = (int) ((offset + i) - b * block);
      int len = Math.min(block - from, n - i);
      decode(data, b * blockBytes, w);
      int xo = xOffset + i;
      if (len == block) {
        for (int j = 0; j < block; j += 2 * F.length()) {
          even = FloatVector.fromArray(F, w, j).fma(FloatVector.fromArray(F, x, xo + j), even);
          odd =
              FloatVector.fromArray(F, w, j + 8).fma(FloatVector.fromArray(F, x, xo + j + 8), odd);
        }
      } else {
        for (int j = 0; j < len; j++) {
          partial += w[from + j] * x[xo + j];
        }
      }
      i += len;
    }
    float sum = Layouts.sum(even.add(odd));
    return partial == 0f ? sum : sum + partial;
  }

  @Override
  public final void dotMany(
      long offset, float[][] x, int xOffset, int n, int from, int to, float[] out) {
    if (offset % block != 0 || n % block != 0) {
      Tensor.super.dotMany(offset, x, xOffset, n, from, to, out);
      return;
    }
    float[] w = new float[block];
    float[] sums = new float[4];
    for (int t = from; t < to; t += 4) {
      // Groups of four; a short last group repeats its first vector and ignores the extra results.
      float[] x0 = x[t];
      float[] x1 = t + 1 < to ? x[t + 1] : x0;
      float[] x2 = t + 2 < to ? x[t + 2] : x0;
      float[] x3 = t + 3 < to ? x[t + 3] : x0;
      dot4(offset / block, n / block, w, x0, x1, x2, x3, xOffset, sums);
      for (int k = 0; k < 4 && t + k < to; k++) {
        out[t + k] = sums[k];
      }
    }
  }

  /** Four vectors against the same blocks: each block is decoded once, used four times. */
  private void dot4(
      long firstBlock,
      int blocks,
      float[] w,
      float[] x0,
      float[] x1,
      float[] x2,
      float[] x3,
      int xOffset,
      float[] sums) {
    FloatVector e0 = FloatVector.zero(F);
    FloatVector o0 = FloatVector.zero(F);
    FloatVector e1 = FloatVector.zero(F);
    FloatVector o1 = FloatVector.zero(F);
    FloatVector e2 = FloatVector.zero(F);
    FloatVector o2 = FloatVector.zero(F);
    FloatVector e3 = FloatVector.zero(F);
    FloatVector o3 = FloatVector.zero(F);
    long base = firstBlock * blockBytes;
    for (int b = 0; b < blocks; b++, base += blockBytes) {
      decode(data, base, w);
      int xo = xOffset + b * block;
      for (int j = 0; j < block; j += 2 * F.length()) {
        FloatVector wv = FloatVector.fromArray(F, w, j);
        e0 = wv.fma(FloatVector.fromArray(F, x0, xo + j), e0);
        e1 = wv.fma(FloatVector.fromArray(F, x1, xo + j), e1);
        e2 = wv.fma(FloatVector.fromArray(F, x2, xo + j), e2);
        e3 = wv.fma(FloatVector.fromArray(F, x3, xo + j), e3);
        wv = FloatVector.fromArray(F, w, j + 8);
        o0 = wv.fma(FloatVector.fromArray(F, x0, xo + j + 8), o0);
        o1 = wv.fma(FloatVector.fromArray(F, x1, xo + j + 8), o1);
        o2 = wv.fma(FloatVector.fromArray(F, x2, xo + j + 8), o2);
        o3 = wv.fma(FloatVector.fromArray(F, x3, xo + j + 8), o3);
      }
    }
    sums[0] = Layouts.sum(e0.add(o0));
    sums[1] = Layouts.sum(e1.add(o1));
    sums[2] = Layouts.sum(e2.add(o2));
    sums[3] = Layouts.sum(e3.add(o3));
  }

  /** Unsigned byte at {@code offset}. */
  static int u8(MemorySegment data, long offset) {
    return data.get(Layouts.I8, offset) & 0xFF;
  }

  /** fp16 at {@code offset}, as float. */
  static float f16(MemorySegment data, long offset) {
    return Float.float16ToFloat(data.get(Layouts.I16, offset));
  }
}
