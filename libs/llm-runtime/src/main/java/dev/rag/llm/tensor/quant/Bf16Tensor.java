package dev.rag.llm.tensor.quant;

import static dev.rag.llm.tensor.quant.Layouts.I;
import static dev.rag.llm.tensor.quant.Layouts.I16;
import static dev.rag.llm.tensor.quant.Layouts.LE;
import static dev.rag.llm.tensor.quant.Layouts.S128;

import dev.rag.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/** bfloat16: the upper 16 bits of a float. */
public final class Bf16Tensor extends TwoByteFloatTensor {

  public Bf16Tensor(MemorySegment data, long size) {
    super(GgmlType.BF16, data, size);
  }

  @Override
  public float get(long index) {
    return Float.intBitsToFloat(data.getAtIndex(I16, index) << 16);
  }

  @Override
  FloatVector widen(long byteOffset) {
    ShortVector s = ShortVector.fromMemorySegment(S128, data, byteOffset, LE);
    // Sign extension is harmless: the extended bits are shifted out.
    IntVector bits =
        ((IntVector) s.convertShape(VectorOperators.S2I, I, 0)).lanewise(VectorOperators.LSHL, 16);
    return bits.reinterpretAsFloats();
  }
}
