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

/** IEEE half precision. */
public final class F16Tensor implements Tensor, RowPanels {
  private final MemorySegment data;
  private final long size;

  public F16Tensor(MemorySegment data, long size) {
    TensorBytes.requireBytes(data, GgmlType.F16, size);
    this.data = data;
    this.size = size;
  }

  @Override
  public GgmlType type() {
    return GgmlType.F16;
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
    return Float.float16ToFloat(data.getAtIndex(I16, index));
  }

  /**
   * Half to float in integer lanes: shifting the exponent+mantissa into float position and scaling
   * by 2^112 rebias the exponent and handles subnormals exactly (weights hold no Inf/NaN).
   */
  static FloatVector halfToFloat(ShortVector halves) {
    IntVector h = (IntVector) halves.convertShape(VectorOperators.S2I, I, 0);
    IntVector magnitude = h.and(0x7fff).lanewise(VectorOperators.LSHL, 13);
    IntVector sign = h.and(0x8000).lanewise(VectorOperators.LSHL, 16);
    FloatVector f = magnitude.reinterpretAsFloats().mul(0x1p112f);
    return f.reinterpretAsInts().or(sign).reinterpretAsFloats();
  }

  /** Pairs of 8-lane chunks: {@link #dot} alternates them between its two accumulators. */
  @Override
  public int rowBlock() {
    return 2 * F.length();
  }

  /** The widened halves: the floats {@link #dot} multiplies. */
  @Override
  public void decodeRows(long offset, int cols, int rows, float[] panel) {
    int n = cols * rows;
    long base = offset * 2;
    for (int i = 0; i < n; i += F.length()) {
      halfToFloat(ShortVector.fromMemorySegment(S128, data, base + i * 2L, LE)).intoArray(panel, i);
    }
  }

  @Override
  public float dot(long offset, float[] x, int xOffset, int n) {
    int step = F.length();
    int upper = n - n % (2 * step);
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = FloatVector.zero(F);
    long base = offset * 2;
    int i = 0;
    for (; i < upper; i += 2 * step) {
      FloatVector w0 = halfToFloat(ShortVector.fromMemorySegment(S128, data, base + i * 2L, LE));
      FloatVector w1 =
          halfToFloat(ShortVector.fromMemorySegment(S128, data, base + (i + step) * 2L, LE));
      a0 = w0.fma(FloatVector.fromArray(F, x, xOffset + i), a0);
      a1 = w1.fma(FloatVector.fromArray(F, x, xOffset + i + step), a1);
    }
    float sum = Layouts.sum(a0.add(a1));
    for (; i < n; i++) {
      sum += get(offset + i) * x[xOffset + i];
    }
    return sum;
  }
}
