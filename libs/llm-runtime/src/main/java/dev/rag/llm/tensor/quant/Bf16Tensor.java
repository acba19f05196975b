package dev.rag.llm.tensor.quant;

import static dev.rag.llm.tensor.quant.Layouts.F;
import static dev.rag.llm.tensor.quant.Layouts.I;
import static dev.rag.llm.tensor.quant.Layouts.I16;
import static dev.rag.llm.tensor.quant.Layouts.LE;
import static dev.rag.llm.tensor.quant.Layouts.S128;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.Tensor;
import dev.rag.llm.tensor.TensorBytes;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/** bfloat16: the upper 16 bits of a float. */
public final class Bf16Tensor implements Tensor {
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

  @Override
  public float dot(long offset, float[] x, int xOffset, int n) {
    int step = F.length();
    int upper = n - n % step;
    FloatVector acc = FloatVector.zero(F);
    long base = offset * 2;
    int i = 0;
    for (; i < upper; i += step) {
      ShortVector s = ShortVector.fromMemorySegment(S128, data, base + i * 2L, LE);
      // Sign extension is harmless: the extended bits are shifted out.
      IntVector bits =
          ((IntVector) s.convertShape(VectorOperators.S2I, I, 0))
              .lanewise(VectorOperators.LSHL, 16);
      acc = bits.reinterpretAsFloats().fma(FloatVector.fromArray(F, x, xOffset + i), acc);
    }
    float sum = Layouts.sum(acc);
    for (; i < n; i++) {
      sum += get(offset + i) * x[xOffset + i];
    }
    return sum;
  }
}
