package dev.rag.llm.tensor.quant;

import static dev.rag.llm.tensor.quant.Layouts.F;
import static dev.rag.llm.tensor.quant.Layouts.I;
import static dev.rag.llm.tensor.quant.Layouts.I16;
import static dev.rag.llm.tensor.quant.Layouts.LE;
import static dev.rag.llm.tensor.quant.Layouts.S128;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.RowPanels;
import dev.rag.llm.tensor.Tensor;
import dev.rag.llm.tensor.TensorBytes;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/** bfloat16: the upper 16 bits of a float. */
public final class Bf16Tensor implements Tensor, RowPanels {
  private final MemorySegment data;
  private final long size;

  public Bf16Tensor(MemorySegment data, long size) {
    TensorBytes.requireBytes(data, GgmlType.BF16, size);
    this.data = data;
    this.size = size;
  }

  @Override
  public GgmlType type() {
    return GgmlType.BF16;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public long byteSize() {
    return size * 2;
  }

  @Override
  public float get(long index) {
    return Float.intBitsToFloat(data.getAtIndex(I16, index) << 16);
  }

  /** Pairs of 8-lane chunks: {@link #dot} alternates them between its two accumulators. */
  @Override
  public int rowBlock() {
    return 2 * F.length();
  }

  /** The widened values: the floats {@link #dot} multiplies. */
  @Override
  public void decodeRows(long offset, int cols, int rows, float[] panel) {
    int n = cols * rows;
    long base = offset * 2;
    for (int i = 0; i < n; i += F.length()) {
      widen(base + i * 2L).intoArray(panel, i);
    }
  }

  /**
   * Chunks of 8 alternate between two accumulators, as {@link dev.rag.llm.tensor.PanelKernel} does,
   * so a token's result is the same alone or in a prompt's panels.
   */
  @Override
  public float dot(long offset, float[] x, int xOffset, int n) {
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

  /** Eight values from {@code byteOffset}, widened to floats. */
  private FloatVector widen(long byteOffset) {
    ShortVector s = ShortVector.fromMemorySegment(S128, data, byteOffset, LE);
    // Sign extension is harmless: the extended bits are shifted out.
    IntVector bits =
        ((IntVector) s.convertShape(VectorOperators.S2I, I, 0)).lanewise(VectorOperators.LSHL, 16);
    return bits.reinterpretAsFloats();
  }
}
