package dev.rag.llm.gguf;

/**
 * Tensor element types as numbered by ggml. Block formats store {@code blockSize} elements in
 * {@code typeSize} bytes; plain formats have a block size of 1. Only some are supported for compute,
 * the others are known so that errors can name them.
 */
public enum GgmlType {
    F32(0, 1, 4, true),
    F16(1, 1, 2, true),
    Q4_0(2, 32, 18, true),
    Q4_1(3, 32, 20, false),
    Q5_0(6, 32, 22, false),
    Q5_1(7, 32, 24, false),
    Q8_0(8, 32, 34, true),
    Q8_1(9, 32, 36, false),
    Q2_K(10, 256, 84, false),
    Q3_K(11, 256, 110, false),
    Q4_K(12, 256, 144, false),
    Q5_K(13, 256, 176, false),
    Q6_K(14, 256, 210, false),
    Q8_K(15, 256, 292, false),
    I8(24, 1, 1, false),
    I16(25, 1, 2, false),
    I32(26, 1, 4, false),
    I64(27, 1, 8, false),
    F64(28, 1, 8, false),
    BF16(30, 1, 2, true);

    private final int id;
    private final int blockSize;
    private final int typeSize;
    private final boolean supported;

    GgmlType(int id, int blockSize, int typeSize, boolean supported) {
        this.id = id;
        this.blockSize = blockSize;
        this.typeSize = typeSize;
        this.supported = supported;
    }

    public int id() {
        return id;
    }

    /** Elements per block (1 for plain formats). */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int typeSize() {
        return typeSize;
    }

    /** Whether this runtime can compute with tensors of this type. */
    public boolean isSupported() {
        return supported;
    }

    /** Bytes needed for {@code elements} values; partial trailing blocks are rejected. */
    public long byteSize(long elements) {
        if (elements % blockSize != 0) {
            throw new GgufFormatException(
                    "element count " + elements + " is not a multiple of the " + this + " block size " + blockSize);
        }
        return elements / blockSize * typeSize;
    }

    /** Returns the type with ggml id {@code id}, or null when the id is not known to this runtime. */
    public static GgmlType fromIdOrNull(int id) {
        for (GgmlType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        return null;
    }
}
