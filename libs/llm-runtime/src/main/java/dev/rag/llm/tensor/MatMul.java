package dev.rag.llm.tensor;

/**
 * Matrix times a batch of vectors: {@code out[t][r] = row r of w · in[t]} for every token t. Rows
 * are split across threads; each weight row is decoded once for a group of tokens ({@link
 * Tensor#dotMany}), which is what makes a batched decode step cheaper per token than single
 * streams. Chunking the columns to keep activations in L1 was measured slower (the extra partial
 * sums cost more than the cache misses they avoid), so a row is always one dot product per token,
 * and a token's result does not depend on which other tokens share the step.
 */
public final class MatMul {
  /** Below this many multiply-adds, handing work to other threads costs more than it saves. */
  private static final long PARALLEL_THRESHOLD = 1 << 16;

  private MatMul() {}

  /**
   * With {@link ActivationFormat#Q8}, weights that implement {@link Q8Dot} (Q8_0, Q4_0) or {@link
   * Q8KDot} (the K-quants) and rows of whole blocks multiply with the inputs quantized once here
   * (Q8_0 or Q8_K blocks), before the rows are split; otherwise with floats.
   */
  public static void apply(
      ParallelFor parallel,
      ActivationFormat format,
      Tensor w,
      int rows,
      int cols,
      float[][] in,
      int tokens,
      float[][] out) {
    if ((long) rows * cols > w.size()) {
      throw new IllegalArgumentException(
          "matrix " + rows + "x" + cols + " exceeds tensor of " + w.size());
    }
    ParallelFor p =
        (long) rows * cols * tokens < PARALLEL_THRESHOLD ? ParallelFor.SERIAL : parallel;
    if (format == ActivationFormat.Q8 && w instanceof Q8Dot q && cols % Q8Activations.BLOCK == 0) {
      applyQ8(p, q, rows, cols, Q8Activations.quantize(in, tokens, cols), out);
    } else if (format == ActivationFormat.Q8
        && w instanceof Q8KDot k
        && cols % Q8KActivations.BLOCK == 0) {
      applyQ8K(p, k, rows, cols, Q8KActivations.quantize(in, tokens, cols), out);
    } else if (w instanceof RowPanels panels
        && tokens >= PANEL_MIN_TOKENS
        && cols % panels.rowBlock() == 0) {
      applyPanels(p, panels, rows, cols, in, tokens, out);
    } else {
      applyF32(p, w, rows, cols, in, tokens, out);
    }
  }

  /**
   * A prompt against weights that decode to panels: each thread decodes a tile of rows once (at
   * most {@link #PANEL_BYTES}, so it stays in L2) and multiplies it with every token, a tile of
   * tokens at a time ({@link #tokenTile}), so activations stream from L3 once per tile of rows.
   */
  private static void applyPanels(
      ParallelFor p, RowPanels w, int rows, int cols, float[][] in, int tokens, float[][] out) {
    int rowTile = Math.max(2, PANEL_BYTES / (cols * Float.BYTES));
    int tokenTile = tokenTile(cols);
    p.run(
        rows,
        rowTile,
        (from, to) -> {
          float[] panel = new float[Math.min(rowTile, to - from) * cols];
          for (int r0 = from; r0 < to; r0 += rowTile) {
            int n = Math.min(rowTile, to - r0);
            w.decodeRows((long) r0 * cols, cols, n, panel);
            for (int t0 = 0; t0 < tokens; t0 += tokenTile) {
              PanelKernel.multiply(
                  panel, n, cols, in, t0, Math.min(tokens, t0 + tokenTile), out, r0);
            }
          }
        });
  }

  /**
   * Fewer tokens than this go through the formats' own kernels: decoding a panel pays off only when
   * enough tokens share it. Measured on the 1B shape (bench/RESULTS.md): at 8 tokens a step (8
   * streams) panels decode Q4_K 65 % and Q8_0 15 % faster, at 4 tokens they are level.
   */
  static final int PANEL_MIN_TOKENS = 8;

  /** The decoded rows one thread keeps: 128 KB, well inside L2. */
  private static final int PANEL_BYTES = 128 * 1024;

  private static void applyF32(
      ParallelFor p, Tensor w, int rows, int cols, float[][] in, int tokens, float[][] out) {
    if (tokens == 1) {
      p.run(
          rows,
          16,
          (from, to) -> w.dotRows((long) from * cols, cols, to - from, in[0], out[0], from));
      return;
    }
    applyRows(
        p,
        rows,
        cols,
        tokens,
        new RowKernel() {
          @Override
          public float single(long offset) {
            return w.dot(offset, in[0], 0, cols);
          }

          @Override
          public void batch(long offset, float[] column) {
            w.dotMany(offset, in, 0, cols, 0, tokens, column);
          }
        },
        out);
  }

  private static void applyQ8(
      ParallelFor p, Q8Dot w, int rows, int cols, Q8Activations x, float[][] out) {
    applyRows(
        p,
        rows,
        cols,
        x.tokens(),
        new RowKernel() {
          @Override
          public float single(long offset) {
            return w.dot(offset, x, 0, cols);
          }

          @Override
          public void batch(long offset, float[] column) {
            w.dotMany(offset, x, cols, 0, x.tokens(), column);
          }
        },
        out);
  }

  private static void applyQ8K(
      ParallelFor p, Q8KDot w, int rows, int cols, Q8KActivations x, float[][] out) {
    applyRows(
        p,
        rows,
        cols,
        x.tokens(),
        new RowKernel() {
          @Override
          public float single(long offset) {
            return w.dot(offset, x, 0, cols);
          }

          @Override
          public void batch(long offset, float[] column) {
            w.dotMany(offset, x, cols, 0, x.tokens(), column);
          }
        },
        out);
  }

  /** One weight row against the batch: one token, or every token into {@code column}. */
  private interface RowKernel {
    float single(long offset);

    void batch(long offset, float[] column);
  }

  /** Rows split across threads; each row's results go to {@code out[t][row]}. */
  private static void applyRows(
      ParallelFor p, int rows, int cols, int tokens, RowKernel kernel, float[][] out) {
    p.run(
        rows,
        16,
        (from, to) -> {
          float[] column = new float[tokens];
          for (int r = from; r < to; r++) {
            long offset = (long) r * cols;
            if (tokens == 1) {
              out[0][r] = kernel.single(offset);
            } else {
              kernel.batch(offset, column);
              for (int t = 0; t < tokens; t++) {
                out[t][r] = column[t];
              }
            }
          }
        });
  }

  /** Bytes of activations one tile of tokens may take: a quarter of a typical L2. */
  private static final int TOKEN_TILE_BYTES = 256 * 1024;

  /** Tokens per tile: a multiple of the kernels' group of four, at least one group. */
  static int tokenTile(int cols) {
    return Math.max(4, TOKEN_TILE_BYTES / (cols * Float.BYTES) / 4 * 4);
  }
}
