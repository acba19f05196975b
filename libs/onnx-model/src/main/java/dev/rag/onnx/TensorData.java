package dev.rag.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An ONNX {@code TensorProto} with its values as little-endian {@code raw_data}.
 *
 * @param dataType ONNX element type: {@link #FLOAT}, {@link #UINT8}, {@link #INT32}, {@link #INT64}
 *     or {@link #FLOAT16}
 */
public record TensorData(String name, int dataType, long[] dims, byte[] raw) {

  public static final int FLOAT = 1;
  public static final int UINT8 = 2;
  public static final int INT32 = 6;
  public static final int INT64 = 7;
  public static final int FLOAT16 = 10;

  public TensorData {
    long count = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException("tensor " + name + " has negative dimension " + d);
      }
      count *= d;
    }
    int width = width(dataType);
    if (width < 0) {
      throw new IllegalArgumentException(
          "tensor "
              + name
              + " data type "
              + dataType
              + " must be FLOAT(1), UINT8(2), INT32(6), INT64(7) or FLOAT16(10)");
    }
    if (count * width != raw.length) {
      throw new IllegalArgumentException(
          "tensor " + name + " needs " + count * width + " bytes, got " + raw.length);
    }
  }

  public static TensorData floats(String name, long[] dims, float[] values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    return new TensorData(name, FLOAT, dims, buffer.array());
  }

  /** Raw bytes, e.g. the packed blocks of a MatMulNBits weight. */
  public static TensorData bytes(String name, long[] dims, byte[] values) {
    return new TensorData(name, UINT8, dims, values);
  }

  /** Bytes per element of {@code dataType}, or -1 for a type this writer does not support. */
  static int width(int dataType) {
    return switch (dataType) {
      case FLOAT, INT32 -> 4;
      case UINT8 -> 1;
      case INT64 -> 8;
      case FLOAT16 -> 2;
      default -> -1;
    };
  }

  public static TensorData longs(String name, long[] dims, long[] values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asLongBuffer().put(values);
    return new TensorData(name, INT64, dims, buffer.array());
  }

  ProtoWriter encode() {
    ProtoWriter w = new ProtoWriter();
    for (long d : dims) {
      w.varint(1, d);
    }
    w.varint(2, dataType);
    w.string(8, name);
    w.bytes(9, raw);
    return w;
  }
}
