package dev.rag.llm.tensor;

import dev.rag.llm.gguf.GgmlType;

/**
 * A weight tensor seen as a flat stream of {@link #size()} elements in one storage format. Rows are
 * addressed by element offset ({@code row * rowLength}), which also covers files whose blocks run
 * across row boundaries. Implementations are immutable and thread-safe.
 */
public interface Tensor {

  GgmlType type();

  /** Number of elements. */
  long size();

  /** Element {@code index}, decoded to float (reference path, slow). */
  float get(long index);

  /**
   * Dot product of elements {@code [offset, offset + n)} with {@code x[xOffset, xOffset + n)},
   * SIMD.
   */
  float dot(long offset, float[] x, int xOffset, int n);

  /**
   * The same row against several vectors: {@code out[t] = dot(offset, x[t], xOffset, n)} for {@code
   * t} in {@code [from, to)}. Block formats override this to decode each weight block once for a
   * group of vectors (what makes batched decode cheaper per token); results must be bit-identical
   * to {@link #dot}, so a sequence computes the same alone or batched.
   */
  default void dotMany(
      long offset, float[][] x, int xOffset, int n, int from, int to, float[] out) {
    for (int t = from; t < to; t++) {
      out[t] = dot(offset, x[t], xOffset, n);
    }
  }

  /**
   * Consecutive rows against one vector: {@code out[outOffset + r] = dot(offset + r * cols, x, 0,
   * cols)} for {@code r < rows}. Formats override this to run several rows' dot products in one
   * loop (independent accumulators keep the vector units busy where one row's chain of fmas would
   * wait on its own latency); results must be bit-identical to {@link #dot}.
   */
  default void dotRows(long offset, int cols, int rows, float[] x, float[] out, int outOffset) {
    for (int r = 0; r < rows; r++) {
      out[outOffset + r] = dot(offset + (long) r * cols, x, 0, cols);
    }
  }

  /** Decodes {@code n} elements starting at {@code offset} into {@code dst}. */
  default void dequantize(long offset, float[] dst, int dstOffset, int n) {
    for (int i = 0; i < n; i++) {
      dst[dstOffset + i] = get(offset + i);
    }
  }

  /** Bytes of storage this tensor occupies. */
  long byteSize();
}
