package dev.rag.llm.tensor;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.quant.Bf16Tensor;
import dev.rag.llm.tensor.quant.F16Tensor;
import dev.rag.llm.tensor.quant.F32Tensor;
import dev.rag.llm.tensor.quant.Q4_0Tensor;
import dev.rag.llm.tensor.quant.Q8_0Tensor;
import java.lang.foreign.MemorySegment;

/** Creates the tensor view for a storage format. */
public final class Tensors {
    private Tensors() {
    }

    /** Wraps {@code data} (e.g. a slice of a mapped GGUF file) holding {@code size} elements of {@code type}. */
    public static Tensor wrap(GgmlType type, MemorySegment data, long size) {
        return switch (type) {
            case F32 -> new F32Tensor(data, size);
            case F16 -> new F16Tensor(data, size);
            case BF16 -> new Bf16Tensor(data, size);
            case Q8_0 -> new Q8_0Tensor(data, size);
            case Q4_0 -> new Q4_0Tensor(data, size);
            default -> throw new UnsupportedTensorTypeException("tensor type " + type
                    + " is not supported; supported: F32, F16, BF16, Q8_0, Q4_0");
        };
    }

    /** A heap F32 tensor over {@code values} (tests, small parameters). */
    public static Tensor ofFloats(float[] values) {
        return new F32Tensor(MemorySegment.ofArray(values), values.length);
    }

    static void checkSize(MemorySegment data, long needed, GgmlType type, long size) {
        if (data.byteSize() < needed) {
            throw new IllegalArgumentException(type + " tensor of " + size + " elements needs " + needed
                    + " bytes, got " + data.byteSize());
        }
    }

    /** Bytes for {@code size} elements in whole blocks (a flat-blocked tensor may end in a partial block). */
    public static long bytesFor(GgmlType type, long size) {
        long blocks = (size + type.blockSize() - 1) / type.blockSize();
        return blocks * type.typeSize();
    }

    public static void requireBytes(MemorySegment data, GgmlType type, long size) {
        checkSize(data, bytesFor(type, size), type, size);
    }
}
