package dev.rag.llm.gguf;

import java.util.Arrays;

/**
 * One entry of the tensor index.
 *
 * @param name tensor name, e.g. {@code blk.0.attn_q.weight}
 * @param shape ggml dimensions, innermost first ({@code shape[0]} is the row length)
 * @param type element type
 * @param offset byte offset relative to the start of the tensor data section
 */
public record GgufTensorInfo(String name, long[] shape, GgmlType type, long offset) {

  public GgufTensorInfo {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  public long elementCount() {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  public long byteSize() {
    return type.byteSize(elementCount());
  }

  /** Length of one row ({@code shape[0]}). */
  public long rowLength() {
    return shape[0];
  }

  @Override
  public String toString() {
    return name + " " + type + " " + Arrays.toString(shape) + " @" + offset;
  }
}
