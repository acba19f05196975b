package dev.rag.llm.tensor;

/**
 * A batch of activation vectors quantized like a Q8_0 row: per 32-element block, a float scale
 * {@code max|x| / 127} and 32 signed bytes {@code round(x / scale)} (llama.cpp's quantize_row_q8_0,
 * keeping the scale in float). The values in [-127, 127] are kept in 16-bit lanes, the width the
 * kernels multiply in, so they are widened once here rather than once per weight row.
 * Made once per matrix multiplication and shared by all rows.
 */
public final class Q8Activations {
    public static final int BLOCK = 32;

    private final short[][] values;
    private final float[][] scales;

    private Q8Activations(short[][] values, float[][] scales) {
        this.values = values;
        this.scales = scales;
    }

    /** Quantizes {@code x[0..tokens)}, each of {@code cols} elements; {@code cols} must be a multiple of 32. */
    public static Q8Activations quantize(float[][] x, int tokens, int cols) {
        if (cols % BLOCK != 0) {
            throw new IllegalArgumentException("row length " + cols + " is not a multiple of " + BLOCK);
        }
        short[][] values = new short[tokens][cols];
        float[][] scales = new float[tokens][cols / BLOCK];
        for (int t = 0; t < tokens; t++) {
            quantizeRow(x[t], values[t], scales[t], cols);
        }
        return new Q8Activations(values, scales);
    }

    private static void quantizeRow(float[] x, short[] q, float[] scales, int cols) {
        for (int b = 0; b < cols / BLOCK; b++) {
            int from = b * BLOCK;
            float amax = 0f;
            for (int i = from; i < from + BLOCK; i++) {
                amax = Math.max(amax, Math.abs(x[i]));
            }
            float d = amax / 127f;
            float id = d != 0f ? 1f / d : 0f;
            scales[b] = d;
            for (int i = from; i < from + BLOCK; i++) {
                q[i] = (short) Math.round(x[i] * id);
            }
        }
    }

    public int tokens() {
        return values.length;
    }

    /** Token {@code t}'s quantized elements (do not modify). */
    public short[] values(int t) {
        return values[t];
    }

    /** Token {@code t}'s per-block scales (do not modify). */
    public float[] scales(int t) {
        return scales[t];
    }
}
