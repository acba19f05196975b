package dev.rag.llm.tensor;

/**
 * Matrix times a batch of vectors: {@code out[t][r] = row r of w · in[t]} for every token t.
 * Rows are split across threads; within a thread each weight row is used for a tile of tokens while
 * it is still in L1, which is what makes batched decode cheaper than one stream at a time.
 */
public final class MatMul {
    /** Tokens per tile: their activations (tile x cols floats) stay in L2 while the rows stream by. */
    private static final int TOKEN_TILE = 16;

    private MatMul() {
    }

    public static void apply(ParallelFor parallel, Tensor w, int rows, int cols, float[][] in, int tokens,
                             float[][] out) {
        if ((long) rows * cols > w.size()) {
            throw new IllegalArgumentException("matrix " + rows + "x" + cols + " exceeds tensor of " + w.size());
        }
        parallel.run(rows, 16, (from, to) -> {
            for (int t0 = 0; t0 < tokens; t0 += TOKEN_TILE) {
                int t1 = Math.min(tokens, t0 + TOKEN_TILE);
                for (int r = from; r < to; r++) {
                    long offset = (long) r * cols;
                    for (int t = t0; t < t1; t++) {
                        out[t][r] = w.dot(offset, in[t], 0, cols);
                    }
                }
            }
        });
    }
}
