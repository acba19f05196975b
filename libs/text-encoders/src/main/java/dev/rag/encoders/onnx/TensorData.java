package dev.rag.encoders.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An ONNX {@code TensorProto} with its values as little-endian {@code raw_data}.
 *
 * @param dataType ONNX element type ({@link #FLOAT} or {@link #INT64})
 */
public record TensorData(String name, int dataType, long[] dims, byte[] raw) {

    public static final int FLOAT = 1;
    public static final int INT64 = 7;

    public TensorData {
        long count = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor " + name + " has negative dimension " + d);
            }
            count *= d;
        }
        int width = dataType == FLOAT ? 4 : dataType == INT64 ? 8 : -1;
        if (width < 0) {
            throw new IllegalArgumentException("tensor " + name + " data type " + dataType + " must be FLOAT(1) or INT64(7)");
        }
        if (count * width != raw.length) {
            throw new IllegalArgumentException("tensor " + name + " needs " + count * width + " bytes, got " + raw.length);
        }
    }

    public static TensorData floats(String name, long[] dims, float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return new TensorData(name, FLOAT, dims, buffer.array());
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
