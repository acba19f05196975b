package dev.rag.llm.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A batch of activation vectors quantized like a Q8_0 row: per 32-element block, a float scale
 * {@code max|x| / 127} and 32 signed bytes {@code round(x / scale)} (llama.cpp's quantize_row_q8_0,
 * keeping the scale in float). The values in [-127, 127] are kept in 16-bit lanes, the width the
 * kernels multiply in, so they are widened once here rather than once per weight row.
 * Made once per matrix multiplication and shared by all rows.
 */
public final class Q8Activations {
    public static final int BLOCK = 32;

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    private static final VectorSpecies<Short> S = ShortVector.SPECIES_128;

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

    /**
     * Vectorized because it runs on the calling thread before the rows are split (the scalar loop was 8 %
     * of decode samples). Rounds exactly like {@link Math#round(float)}: truncate, then step by one where
     * the (exact) remainder is at least 0.5 or below -0.5.
     */
    private static void quantizeRow(float[] x, short[] q, float[] scales, int cols) {
        for (int b = 0; b < cols / BLOCK; b++) {
            int from = b * BLOCK;
            FloatVector amax = FloatVector.fromArray(F, x, from).abs();
            for (int i = from + F.length(); i < from + BLOCK; i += F.length()) {
                amax = amax.max(FloatVector.fromArray(F, x, i).abs());
            }
            float d = amax.reduceLanes(VectorOperators.MAX) / 127f;
            float id = d != 0f ? 1f / d : 0f;
            scales[b] = d;
            for (int i = from; i < from + BLOCK; i += F.length()) {
                FloatVector y = FloatVector.fromArray(F, x, i).mul(id);
                IntVector r = (IntVector) y.convert(VectorOperators.F2I, 0);
                FloatVector rest = y.sub((FloatVector) r.convert(VectorOperators.I2F, 0));
                VectorMask<Integer> up = rest.compare(VectorOperators.GE, 0.5f).cast(I);
                VectorMask<Integer> down = rest.compare(VectorOperators.LT, -0.5f).cast(I);
                r = r.lanewise(VectorOperators.ADD, 1, up).lanewise(VectorOperators.SUB, 1, down);
                r.convertShape(VectorOperators.I2S, S, 0).reinterpretAsShorts().intoArray(q, i);
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
