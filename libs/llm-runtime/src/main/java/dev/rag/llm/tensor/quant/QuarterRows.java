package dev.rag.llm.tensor.quant;

/**
 * Decode's one-token product over a range of rows from a heap copy: four rows at a time, a quarter
 * of the range apart (four neighbouring rows measured slower from DRAM, their streams sharing
 * pages), the rows left over one at a time. The formats supply the two kernels.
 */
final class QuarterRows {
  /** Rows starting at blocks {@code firstBlock + i * strideBlocks}, i &lt; 4, into {@code out}. */
  interface FourRows {
    void dot(
        int firstBlock, int blocks, int strideBlocks, float[] x, float[] out, int o, int outStride);
  }

  /** One row of {@code blocks} blocks from {@code firstBlock} against x. */
  interface OneRow {
    float dot(long firstBlock, float[] x, int xOffset, int blocks);
  }

  private QuarterRows() {}

  static void dot(
      int firstBlock,
      int blocks,
      int rows,
      float[] x,
      float[] out,
      int outOffset,
      FourRows four,
      OneRow one) {
    int quarter = rows / 4;
    for (int r = 0; r < quarter; r++) {
      four.dot(firstBlock + r * blocks, blocks, quarter * blocks, x, out, outOffset + r, quarter);
    }
    for (int r = 4 * quarter; r < rows; r++) {
      out[outOffset + r] = one.dot(firstBlock + (long) r * blocks, x, 0, blocks);
    }
  }
}
