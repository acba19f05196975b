package dev.rag.llm.tensor.quant;

import static dev.rag.llm.tensor.quant.Layouts.F;
import static dev.rag.llm.tensor.quant.Layouts.F32;
import static dev.rag.llm.tensor.quant.Layouts.LE;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.Tensor;
import dev.rag.llm.tensor.TensorBytes;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/** 32-bit floats. */
public final class F32Tensor implements Tensor {
  private final MemorySegment data;
  private final long size;

  public F32Tensor(MemorySegment data, long size) {
    TensorBytes.requireBytes(data, GgmlType.F32, size);
    this.data = data;
    this.size = size;
  }

  @Override
  public GgmlType type() {
    return GgmlType.F32;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public long byteSize() {
    return size * 4;
  }

  @Override
  public float get(long index) {
    return data.getAtIndex(F32, index);
  }

  @Override
  public void dequantize(long offset, float[] dst, int dstOffset, int n) {
    MemorySegment.copy(data, F32, offset * 4, dst, dstOffset, n);
  }

  @Override
  public float dot(long offset, float[] x, int xOffset, int n) {
    int step = F.length();
    int upper = n - n % (4 * step);
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = FloatVector.zero(F);
    FloatVector a2 = FloatVector.zero(F);
    FloatVector a3 = FloatVector.zero(F);
    long base = offset * 4;
    int i = 0;
    // Four accumulators hide the FMA latency.
    for (; i < upper; i += 4 * step) {
      a0 =
          FloatVector.fromMemorySegment(F, data, base + i * 4L, LE)
              .fma(FloatVector.fromArray(F, x, xOffset + i), a0);
      a1 =
          FloatVector.fromMemorySegment(F, data, base + (i + step) * 4L, LE)
              .fma(FloatVector.fromArray(F, x, xOffset + i + step), a1);
      a2 =
          FloatVector.fromMemorySegment(F, data, base + (i + 2 * step) * 4L, LE)
              .fma(FloatVector.fromArray(F, x, xOffset + i + 2 * step), a2);
      a3 =
          FloatVector.fromMemorySegment(F, data, base + (i + 3 * step) * 4L, LE)
              .fma(FloatVector.fromArray(F, x, xOffset + i + 3 * step), a3);
    }
    float sum = Layouts.sum(a0.add(a1).add(a2.add(a3)));
    for (; i < n; i++) {
      sum += data.getAtIndex(F32, offset + i) * x[xOffset + i];
    }
    return sum;
  }
}
