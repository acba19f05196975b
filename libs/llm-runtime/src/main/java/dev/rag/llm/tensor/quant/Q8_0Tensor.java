package dev.rag.llm.tensor.quant;

import static dev.rag.llm.tensor.quant.Layouts.B64;
import static dev.rag.llm.tensor.quant.Layouts.F;
import static dev.rag.llm.tensor.quant.Layouts.I16;
import static dev.rag.llm.tensor.quant.Layouts.I8;
import static dev.rag.llm.tensor.quant.Layouts.LE;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.Tensor;
import dev.rag.llm.tensor.Tensors;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q8_0: blocks of 32 elements, each an fp16 scale followed by 32 signed bytes (34 bytes).
 * Blocks are indexed over the flattened tensor, so rows whose length is not a multiple of 32
 * (blocks running across row boundaries) work too: a dot product over an unaligned range handles
 * its partial head and tail blocks element by element.
 */
public final class Q8_0Tensor implements Tensor {
    public static final int BLOCK = 32;
    public static final int BLOCK_BYTES = 34;

    private final MemorySegment data;
    private final long size;

    public Q8_0Tensor(MemorySegment data, long size) {
        Tensors.requireBytes(data, GgmlType.Q8_0, size);
        this.data = data;
        this.size = size;
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q8_0;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long byteSize() {
        return Tensors.bytesFor(GgmlType.Q8_0, size);
    }

    @Override
    public float get(long index) {
        long block = index / BLOCK;
        long base = block * BLOCK_BYTES;
        float scale = Float.float16ToFloat(data.get(I16, base));
        return scale * data.get(I8, base + 2 + index % BLOCK);
    }

    @Override
    public float dot(long offset, float[] x, int xOffset, int n) {
        int i = 0;
        float sum = 0f;
        while (i < n && (offset + i) % BLOCK != 0) {
            sum += get(offset + i) * x[xOffset + i];
            i++;
        }
        int whole = (n - i) / BLOCK * BLOCK;
        if (whole > 0) {
            sum += dotAligned((offset + i) / BLOCK, x, xOffset + i, whole / BLOCK);
            i += whole;
        }
        for (; i < n; i++) {
            sum += get(offset + i) * x[xOffset + i];
        }
        return sum;
    }

    /** {@code blocks} whole blocks starting at block {@code firstBlock}; 8 int8 lanes widen to 8 floats per step. */
    private float dotAligned(long firstBlock, float[] x, int xOffset, int blocks) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        long base = firstBlock * BLOCK_BYTES;
        for (int b = 0; b < blocks; b++, base += BLOCK_BYTES) {
            int xo = xOffset + b * BLOCK;
            float scale = Float.float16ToFloat(data.get(I16, base));
            FloatVector w0 = (FloatVector) ByteVector.fromMemorySegment(B64, data, base + 2, LE)
                    .convertShape(VectorOperators.B2F, F, 0);
            FloatVector w1 = (FloatVector) ByteVector.fromMemorySegment(B64, data, base + 10, LE)
                    .convertShape(VectorOperators.B2F, F, 0);
            FloatVector w2 = (FloatVector) ByteVector.fromMemorySegment(B64, data, base + 18, LE)
                    .convertShape(VectorOperators.B2F, F, 0);
            FloatVector w3 = (FloatVector) ByteVector.fromMemorySegment(B64, data, base + 26, LE)
                    .convertShape(VectorOperators.B2F, F, 0);
            FloatVector s = w0.mul(FloatVector.fromArray(F, x, xo))
                    .add(w1.mul(FloatVector.fromArray(F, x, xo + 8)))
                    .add(w2.fma(FloatVector.fromArray(F, x, xo + 16), w3.mul(FloatVector.fromArray(F, x, xo + 24))));
            if ((b & 1) == 0) {
                acc0 = s.fma(FloatVector.broadcast(F, scale), acc0);
            } else {
                acc1 = s.fma(FloatVector.broadcast(F, scale), acc1);
            }
        }
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }
}
