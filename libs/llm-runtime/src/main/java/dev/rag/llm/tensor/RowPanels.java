package dev.rag.llm.tensor;

/**
 * Weights that can decode whole rows to the floats their own float dot product multiplies, so that
 * a prompt's product can decode a tile of rows once and reuse it for every token ({@link
 * PanelKernel}). The promise that makes this safe: for block-aligned rows of a length divisible by
 * 16, {@link Tensor#dot} computes exactly {@link PanelKernel}'s arithmetic over the decoded row
 * (same products, same two accumulators, same final sum), so a token gets bit-identical results
 * from a prompt, a batched decode step or alone.
 */
public interface RowPanels {

  /**
   * Rows decode into panels when their length and start are multiples of this: the format's block
   * (a multiple of 16).
   */
  int rowBlock();

  /**
   * Decodes {@code rows} consecutive rows of {@code cols} elements, from element {@code offset},
   * into {@code panel} row after row.
   */
  void decodeRows(long offset, int cols, int rows, float[] panel);
}
