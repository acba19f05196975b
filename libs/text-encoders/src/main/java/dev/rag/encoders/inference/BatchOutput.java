package dev.rag.encoders.inference;

/**
 * The first output of one ONNX call, row-major.
 *
 * @param values flat output
 * @param shape {@code [batch, length, hidden]} for embedders, {@code [batch, 1]} for cross-encoders
 */
record BatchOutput(float[] values, long[] shape) {

  int rowStride() {
    int stride = 1;
    for (int i = 1; i < shape.length; i++) {
      stride *= (int) shape[i];
    }
    return stride;
  }
}
