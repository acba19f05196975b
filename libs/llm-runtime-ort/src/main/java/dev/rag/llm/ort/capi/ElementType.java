package dev.rag.llm.ort.capi;

/** ONNX tensor element types the binding passes ({@code ONNXTensorElementDataType} codes). */
public enum ElementType {
  FLOAT(1, 4),
  INT32(6, 4),
  INT64(7, 8);

  private final int code;
  private final int bytes;

  ElementType(int code, int bytes) {
    this.code = code;
    this.bytes = bytes;
  }

  int code() {
    return code;
  }

  public int bytes() {
    return bytes;
  }
}
