package dev.rag.llm.tensor.quant;

import static dev.rag.llm.tensor.quant.Layouts.I16;
import static dev.rag.llm.tensor.quant.Layouts.I8;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.Tensor;
import dev.rag.llm.tensor.Tensors;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Block quantization as ggml's reference quantizers do it: Q8_0 scales by max|x|/127 with rounding;
 * Q4_0 scales by the signed value of largest magnitude divided by -8, so that value maps to nibble 0.
 */
public final class Quantizer {
    private Quantizer() {
    }

    /** Quantizes all of {@code source} into a new tensor of {@code target} allocated in {@code arena}. */
    public static Tensor quantize(Tensor source, GgmlType target, Arena arena) {
        if (target != GgmlType.Q8_0 && target != GgmlType.Q4_0) {
            throw new IllegalArgumentException("cannot quantize to " + target + "; allowed Q8_0, Q4_0");
        }
        long size = source.size();
        MemorySegment out = arena.allocate(Tensors.bytesFor(target, size), 64);
        float[] block = new float[32];
        long blocks = (size + 31) / 32;
        for (long b = 0; b < blocks; b++) {
            int n = (int) Math.min(32, size - b * 32);
            java.util.Arrays.fill(block, 0f);
            source.dequantize(b * 32, block, 0, n);
            if (target == GgmlType.Q8_0) {
                writeQ8Block(block, out, b * Q8_0Tensor.BLOCK_BYTES);
            } else {
                writeQ4Block(block, out, b * Q4_0Tensor.BLOCK_BYTES);
            }
        }
        return Tensors.wrap(target, out, size);
    }

    /** Writes one Q8_0 block of 32 values at byte {@code base}. */
    public static void writeQ8Block(float[] x, MemorySegment out, long base) {
        float amax = 0;
        for (int i = 0; i < 32; i++) {
            amax = Math.max(amax, Math.abs(x[i]));
        }
        float d = amax / 127f;
        float id = d != 0 ? 1f / d : 0f;
        out.set(I16, base, Float.floatToFloat16(d));
        for (int i = 0; i < 32; i++) {
            out.set(I8, base + 2 + i, (byte) Math.round(x[i] * id));
        }
    }

    /** Writes one Q4_0 block of 32 values at byte {@code base}. */
    public static void writeQ4Block(float[] x, MemorySegment out, long base) {
        float amax = 0;
        float max = 0;
        for (int i = 0; i < 32; i++) {
            if (Math.abs(x[i]) > amax) {
                amax = Math.abs(x[i]);
                max = x[i];
            }
        }
        float d = max / -8f;
        float id = d != 0 ? 1f / d : 0f;
        out.set(I16, base, Float.floatToFloat16(d));
        for (int j = 0; j < 16; j++) {
            int lo = Math.min(15, (int) (x[j] * id + 8.5f));
            int hi = Math.min(15, (int) (x[j + 16] * id + 8.5f));
            out.set(I8, base + 2 + j, (byte) (lo | (hi << 4)));
        }
    }
}
