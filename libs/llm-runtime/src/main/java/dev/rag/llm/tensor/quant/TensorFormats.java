package dev.rag.llm.tensor.quant;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.Tensor;
import dev.rag.llm.tensor.UnsupportedTensorTypeException;
import java.lang.foreign.MemorySegment;

/**
 * Creates the tensor view for a storage format: the one place that knows every format class. It
 * lives here, beside the formats, so that {@code tensor} (the interface and the reference ops)
 * never depends on {@code tensor.quant}.
 */
public final class TensorFormats {
  private TensorFormats() {}

  /**
   * Wraps {@code data} (e.g. a slice of a mapped GGUF file) holding {@code size} elements of {@code
   * type}.
   */
  public static Tensor wrap(GgmlType type, MemorySegment data, long size) {
    return switch (type) {
      case F32 -> new F32Tensor(data, size);
      case F16 -> new F16Tensor(data, size);
      case BF16 -> new Bf16Tensor(data, size);
      case Q8_0 -> new Q8_0Tensor(data, size);
      case Q4_0 -> new Q4_0Tensor(data, size);
      case Q4_1 -> new Q4_1Tensor(data, size);
      case Q5_0 -> new Q5_0Tensor(data, size);
      case Q5_1 -> new Q5_1Tensor(data, size);
      case Q2_K -> new Q2_KTensor(data, size);
      case Q3_K -> new Q3_KTensor(data, size);
      case Q4_K -> new Q4_KTensor(data, size);
      case Q5_K -> new Q5_KTensor(data, size);
      case Q6_K -> new Q6_KTensor(data, size);
      default ->
          throw new UnsupportedTensorTypeException(
              "tensor type " + type + " is not supported; supported: " + GgmlType.SUPPORTED);
    };
  }

  /** A heap F32 tensor over {@code values} (tests, small parameters). */
  public static Tensor ofFloats(float[] values) {
    return new F32Tensor(MemorySegment.ofArray(values), values.length);
  }
}
