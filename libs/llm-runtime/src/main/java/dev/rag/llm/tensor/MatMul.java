package dev.rag.llm.tensor;

/**
 * Matrix times a batch of vectors: {@code out[t][r] = row r of w · in[t]} for every token t.
 * Rows are split across threads; each weight row is decoded once for a group of tokens
 * ({@link Tensor#dotMany}), which is what makes a batched decode step cheaper per token than single
 * streams. Chunking the columns to keep activations in L1 was measured slower (the extra partial sums
 * cost more than the cache misses they avoid), so a row is always one dot product per token, and a
 * token's result does not depend on which other tokens share the step.
 */
public final class MatMul {
    /** Below this many multiply-adds, handing work to other threads costs more than it saves. */
    private static final long PARALLEL_THRESHOLD = 1 << 16;

    private MatMul() {
    }

    public static void apply(ParallelFor parallel, Tensor w, int rows, int cols, float[][] in, int tokens,
                             float[][] out) {
        if ((long) rows * cols > w.size()) {
            throw new IllegalArgumentException("matrix " + rows + "x" + cols + " exceeds tensor of " + w.size());
        }
        ParallelFor p = (long) rows * cols * tokens < PARALLEL_THRESHOLD ? ParallelFor.SERIAL : parallel;
        p.run(rows, 16, (from, to) -> {
            float[] column = new float[tokens];
            for (int r = from; r < to; r++) {
                long offset = (long) r * cols;
                if (tokens == 1) {
                    out[0][r] = w.dot(offset, in[0], 0, cols);
                } else {
                    w.dotMany(offset, in, 0, cols, 0, tokens, column);
                    for (int t = 0; t < tokens; t++) {
                        out[t][r] = column[t];
                    }
                }
            }
        });
    }
}
