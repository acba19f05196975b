package dev.rag.llm.ort.capi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An {@code OrtValue} tensor. Either it wraps memory the caller owns (host memory here; on CUDA a
 * device buffer), so ONNX Runtime reads and writes that memory in place across runs, or it is an
 * output ONNX Runtime allocated for a binding. Closing releases the OrtValue, never caller memory.
 */
public final class NativeTensor implements AutoCloseable {
  private final MemorySegment value;
  private final ElementType type;

  private NativeTensor(MemorySegment value, ElementType type) {
    this.value = value;
    this.type = type;
  }

  /**
   * A tensor of {@code shape} over {@code data}, which must stay alive while the tensor is used.
   *
   * @param data exactly {@code product(shape) * type.bytes()} bytes in {@code place}
   */
  public static NativeTensor wrap(
      MemoryPlace place, MemorySegment data, long[] shape, ElementType type) {
    long count = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("dimension " + d + " of shape must be >= 0");
      }
      count *= d;
    }
    if (data.byteSize() != count * type.bytes()) {
      throw new IllegalArgumentException(
          "shape needs " + count * type.bytes() + " bytes, data has " + data.byteSize());
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment dims = arena.allocateFrom(ValueLayout.JAVA_LONG, shape);
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      OrtC.check(
          "CreateTensorWithDataAsOrtValue",
          (MemorySegment)
              OrtC.CREATE_TENSOR_WITH_DATA.invokeExact(
                  place.pointer(),
                  data,
                  data.byteSize(),
                  dims,
                  (long) shape.length,
                  type.code(),
                  out));
      return new NativeTensor(out.get(ValueLayout.ADDRESS, 0), type);
    } catch (Throwable t) {
      throw OrtC.rethrow("CreateTensorWithDataAsOrtValue", t);
    }
  }

  /** A tensor ONNX Runtime allocated (a bound output). */
  static NativeTensor owned(MemorySegment value, ElementType type) {
    return new NativeTensor(value, type);
  }

  MemorySegment pointer() {
    return value;
  }

  public long elementCount() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment info = arena.allocate(ValueLayout.ADDRESS);
      OrtC.check(
          "GetTensorTypeAndShape",
          (MemorySegment) OrtC.GET_TENSOR_TYPE_AND_SHAPE.invokeExact(value, info));
      MemorySegment shapeInfo = info.get(ValueLayout.ADDRESS, 0);
      MemorySegment count = arena.allocate(ValueLayout.JAVA_LONG);
      try {
        OrtC.check(
            "GetTensorShapeElementCount",
            (MemorySegment) OrtC.GET_TENSOR_SHAPE_ELEMENT_COUNT.invokeExact(shapeInfo, count));
      } finally {
        OrtC.release(OrtC.RELEASE_TENSOR_TYPE_AND_SHAPE_INFO, shapeInfo);
      }
      return count.get(ValueLayout.JAVA_LONG, 0);
    } catch (Throwable t) {
      throw OrtC.rethrow("GetTensorShapeElementCount", t);
    }
  }

  /**
   * The tensor's memory. For a host tensor it can be read directly; for a device tensor the address
   * is a device pointer (not readable from Java).
   */
  public MemorySegment data() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      OrtC.check(
          "GetTensorMutableData",
          (MemorySegment) OrtC.GET_TENSOR_MUTABLE_DATA.invokeExact(value, out));
      return out.get(ValueLayout.ADDRESS, 0).reinterpret(elementCount() * type.bytes());
    } catch (Throwable t) {
      throw OrtC.rethrow("GetTensorMutableData", t);
    }
  }

  @Override
  public void close() {
    OrtC.release(OrtC.RELEASE_VALUE, value);
  }
}
