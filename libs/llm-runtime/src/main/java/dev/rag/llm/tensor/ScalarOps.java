package dev.rag.llm.tensor;

/** Plain scalar reference implementations that the SIMD kernels are tested against. */
public final class ScalarOps {
  private ScalarOps() {}

  /** Reference dot product through {@link Tensor#get}, accumulated in double. */
  public static float dot(Tensor t, long offset, float[] x, int xOffset, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += (double) t.get(offset + i) * x[xOffset + i];
    }
    return (float) sum;
  }

  /** Reference matrix-vector product: {@code out[r] = row r of w · x}. */
  public static void matvec(Tensor w, int rows, int cols, float[] x, float[] out) {
    for (int r = 0; r < rows; r++) {
      out[r] = dot(w, (long) r * cols, x, 0, cols);
    }
  }
}
