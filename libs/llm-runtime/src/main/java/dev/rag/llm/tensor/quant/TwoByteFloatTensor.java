package dev.rag.llm.tensor.quant;

import static dev.rag.llm.tensor.quant.Layouts.F;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.RowPanels;
import dev.rag.llm.tensor.Tensor;
import dev.rag.llm.tensor.TensorBytes;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * Weights stored as 16-bit floats (F16, BF16), which differ only in how eight of them widen to
 * floats ({@link #widen}). The product and the panels share one loop: 8-lane chunks alternate
 * between two accumulators, as {@link dev.rag.llm.tensor.PanelKernel} does, so a token's result is
 * the same alone, batched or in a prompt's panels.
 */
abstract sealed class TwoByteFloatTensor implements Tensor, RowPanels
    permits F16Tensor, Bf16Tensor {

  private final GgmlType type;
  final MemorySegment data;
  private final long size;

  TwoByteFloatTensor(GgmlType type, MemorySegment data, long size) {
    TensorBytes.requireBytes(data, type, size);
    this.type = type;
    this.data = data;
    this.size = size;
  }

  /** Eight values from byte {@code byteOffset} of the data, widened to floats. */
  abstract FloatVector widen(long byteOffset);

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
    return size * 2;
  }

  /** Pairs of 8-lane chunks: {@link #dot} alternates them between its two accumulators. */
  @Override
  public final int rowBlock() {
    return 2 * F.length();
  }

  /** The widened values: the floats {@link #dot} multiplies. */
  @Override
  public final void decodeRows(long offset, int cols, int rows, float[] panel) {
    int n = cols * rows;
    long base = offset * 2;
    for (int i = 0; i < n; i += F.length()) {
      widen(base + i * 2L).intoArray(panel, i);
    }
  }

  @Override
  public final float dot(long offset, float[] x, int xOffset, int n) {
    int step = F.length();
    int upper = n - n % (2 * step);
    FloatVector even = FloatVector.zero(F);
    FloatVector odd = FloatVector.zero(F);
    long base = offset * 2;
    int i = 0;
    for (; i < upper; i += 2 * step) {
      even = widen(base + i * 2L).fma(FloatVector.fromArray(F, x, xOffset + i), even);
      odd = widen(base + (i + step) * 2L).fma(FloatVector.fromArray(F, x, xOffset + i + step), odd);
    }
    float sum = Layouts.sum(even.add(odd));
    for (; i < n; i++) {
      sum += get(offset + i) * x[xOffset + i];
    }
    return sum;
  }
}
