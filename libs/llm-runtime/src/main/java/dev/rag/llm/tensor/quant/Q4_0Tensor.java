package dev.rag.llm.tensor.quant;

import static dev.rag.llm.tensor.quant.Layouts.B128;
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
 * Q4_0: blocks of 32 elements, an fp16 scale then 16 bytes; byte j holds element j in its low
 * nibble and element j + 16 in its high nibble, value = scale * (nibble - 8). Flat blocking as in
 * {@link Q8_0Tensor}.
 */
public final class Q4_0Tensor implements Tensor {
    public static final int BLOCK = 32;
    public static final int BLOCK_BYTES = 18;

    private final MemorySegment data;
    private final long size;

    public Q4_0Tensor(MemorySegment data, long size) {
        Tensors.requireBytes(data, GgmlType.Q4_0, size);
        this.data = data;
        this.size = size;
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q4_0;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long byteSize() {
        return Tensors.bytesFor(GgmlType.Q4_0, size);
    }

    @Override
    public float get(long index) {
        long base = index / BLOCK * BLOCK_BYTES;
        int j = (int) (index % BLOCK);
        float scale = Float.float16ToFloat(data.get(I16, base));
        int packed = data.get(I8, base + 2 + (j & 15)) & 0xFF;
        int nibble = j < 16 ? packed & 0x0F : packed >>> 4;
        return scale * (nibble - 8);
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

    private float dotAligned(long firstBlock, float[] x, int xOffset, int blocks) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        long base = firstBlock * BLOCK_BYTES;
        for (int b = 0; b < blocks; b++, base += BLOCK_BYTES) {
            int xo = xOffset + b * BLOCK;
            float scale = Float.float16ToFloat(data.get(I16, base));
            ByteVector packed = ByteVector.fromMemorySegment(B128, data, base + 2, LE);
            ByteVector lo = packed.and((byte) 0x0F).sub((byte) 8);
            ByteVector hi = packed.lanewise(VectorOperators.LSHR, 4).sub((byte) 8);
            FloatVector w0 = (FloatVector) lo.convertShape(VectorOperators.B2F, F, 0);
            FloatVector w1 = (FloatVector) lo.convertShape(VectorOperators.B2F, F, 1);
            FloatVector w2 = (FloatVector) hi.convertShape(VectorOperators.B2F, F, 0);
            FloatVector w3 = (FloatVector) hi.convertShape(VectorOperators.B2F, F, 1);
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
