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

/** IEEE half precision. */
public final class F16Tensor extends TwoByteFloatTensor {

  public F16Tensor(MemorySegment data, long size) {
    super(GgmlType.F16, data, size);
  }

  @Override
  public float get(long index) {
    return Float.float16ToFloat(data.getAtIndex(I16, index));
  }

  @Override
  FloatVector widen(long byteOffset) {
    return halfToFloat(ShortVector.fromMemorySegment(S128, data, byteOffset, LE));
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
}
