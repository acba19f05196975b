package dev.rag.llm.gguf;

/**
 * Tensor element types as numbered by ggml. Block formats store {@code blockSize} elements in
 * {@code typeSize} bytes; plain formats have a block size of 1. Only some are supported for
 * compute, the others (the IQ and ternary formats, Q8_1, Q8_K, integer types) are known so that a
 * file holding them opens and the error can name the tensor and its type.
 */
public enum GgmlType {
  F32(0, 1, 4, true),
  F16(1, 1, 2, true),
  Q4_0(2, 32, 18, true),
  Q4_1(3, 32, 20, true),
  Q5_0(6, 32, 22, true),
  Q5_1(7, 32, 24, true),
  Q8_0(8, 32, 34, true),
  Q8_1(9, 32, 36, false),
  Q2_K(10, 256, 84, true),
  Q3_K(11, 256, 110, true),
  Q4_K(12, 256, 144, true),
  Q5_K(13, 256, 176, true),
  Q6_K(14, 256, 210, true),
  Q8_K(15, 256, 292, false),
  IQ2_XXS(16, 256, 66, false),
  IQ2_XS(17, 256, 74, false),
  IQ3_XXS(18, 256, 98, false),
  IQ1_S(19, 256, 50, false),
  IQ4_NL(20, 32, 18, false),
  IQ3_S(21, 256, 110, false),
  IQ2_S(22, 256, 82, false),
  IQ4_XS(23, 256, 136, false),
  I8(24, 1, 1, false),
  I16(25, 1, 2, false),
  I32(26, 1, 4, false),
  I64(27, 1, 8, false),
  F64(28, 1, 8, false),
  IQ1_M(29, 256, 56, false),
  BF16(30, 1, 2, true),
  TQ1_0(34, 256, 54, false),
  TQ2_0(35, 256, 66, false);

  /** The types {@link #isSupported} accepts, for error messages. */
  public static final String SUPPORTED =
      "F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K";

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
          "element count "
              + elements
              + " is not a multiple of the "
              + this
              + " block size "
              + blockSize);
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
