package dev.rag.llm.tensor.quant;

import static dev.rag.llm.tensor.quant.Layouts.B128;
import static dev.rag.llm.tensor.quant.Layouts.F;
import static dev.rag.llm.tensor.quant.Layouts.F512;
import static dev.rag.llm.tensor.quant.Layouts.I16;
import static dev.rag.llm.tensor.quant.Layouts.I8;
import static dev.rag.llm.tensor.quant.Layouts.LE;
import static dev.rag.llm.tensor.quant.Layouts.S128;
import static dev.rag.llm.tensor.quant.Layouts.S256;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.DecodeCopyable;
import dev.rag.llm.tensor.Q8Activations;
import dev.rag.llm.tensor.Q8Dot;
import dev.rag.llm.tensor.RowPanels;
import dev.rag.llm.tensor.TensorBytes;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q4_0: blocks of 32 elements, an fp16 scale then 16 bytes; byte j holds element j in its low
 * nibble and element j + 16 in its high nibble, value = scale * (nibble - 8). Flat blocking as in
 * {@link Q8_0Tensor}.
 */
public final class Q4_0Tensor implements DecodeCopyable, Q8Dot, RowPanels {
  public static final int BLOCK = 32;
  public static final int BLOCK_BYTES = 18;

  private final MemorySegment data;
  private final long size;

  /**
   * A copy of the blocks on the heap for {@link #dotRows}, or null: block b's 16 bytes of nibbles
   * at {@code nibbles[16 b]}, its scale as a float at {@code scales[b]} (see {@link
   * #withDecodeCopy}).
   */
  private final byte[] nibbles;

  private final float[] scales;

  public Q4_0Tensor(MemorySegment data, long size) {
    this(data, size, null, null);
  }

  private Q4_0Tensor(MemorySegment data, long size, byte[] nibbles, float[] scales) {
    TensorBytes.requireBytes(data, GgmlType.Q4_0, size);
    this.data = data;
    this.size = size;
    this.nibbles = nibbles;
    this.scales = scales;
  }

  @Override
  public boolean decodeCopyHelps() {
    return Layouts.WIDE
        && nibbles == null
        && size % BLOCK == 0
        && size / 2 < Integer.MAX_VALUE - 64;
  }

  /** As {@link Q8_0Tensor#withDecodeCopy}, for Q4_0's 18-byte blocks. */
  @Override
  public Q4_0Tensor withDecodeCopy() {
    if (!decodeCopyHelps()) {
      return this;
    }
    int blocks = (int) (size / BLOCK);
    byte[] q = new byte[blocks * (BLOCK / 2)];
    float[] s = new float[blocks];
    for (int b = 0; b < blocks; b++) {
      s[b] = Float.float16ToFloat(data.get(I16, (long) b * BLOCK_BYTES));
      MemorySegment.copy(data, I8, (long) b * BLOCK_BYTES + 2, q, b * (BLOCK / 2), BLOCK / 2);
    }
    return new Q4_0Tensor(data, size, q, s);
  }

  /**
   * The raw blocks as stored in GGUF ({@link #BLOCK_BYTES} per {@link #BLOCK} elements), read-only;
   * for backends that repack them into their own quantized layout instead of dequantizing.
   */
  public MemorySegment blocks() {
    return data.asReadOnly();
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
    return TensorBytes.bytesFor(GgmlType.Q4_0, size);
  }

  // CPD-OFF: the Q4_0 and Q8_0 kernels below repeat their loops on purpose; a shared helper
  // method made the vectors escape to the heap (3-4x slower; see the kernels' Javadoc).
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

  /**
   * Whole blocks: nibbles are unpacked in byte lanes, then widened to floats; high nibbles shift in
   * 16-bit lanes (AVX2 has no byte shift) and are masked after. Same arithmetic as {@link #dot4}
   * for one vector (bit-identical alone or batched); one method on purpose (see Q8_0Tensor).
   */
  private float dotAligned(long firstBlock, float[] x, int xOffset, int blocks) {
    FloatVector even = FloatVector.zero(F);
    FloatVector odd = FloatVector.zero(F);
    long base = firstBlock * BLOCK_BYTES;
    for (int b = 0; b < blocks; b++, base += BLOCK_BYTES) {
      int xo = xOffset + b * BLOCK;
      FloatVector scale = FloatVector.broadcast(F, Float.float16ToFloat(data.get(I16, base)));
      ByteVector packed = ByteVector.fromMemorySegment(B128, data, base + 2, LE);
      ByteVector lo = packed.and((byte) 0x0F).sub((byte) 8);
      ByteVector hi =
          packed
              .reinterpretAsShorts()
              .lanewise(VectorOperators.LSHR, 4)
              .reinterpretAsBytes()
              .and((byte) 0x0F)
              .sub((byte) 8);
      FloatVector w0 = ((FloatVector) lo.castShape(F, 0)).mul(scale);
      FloatVector w1 = ((FloatVector) lo.castShape(F, 1)).mul(scale);
      FloatVector w2 = ((FloatVector) hi.castShape(F, 0)).mul(scale);
      FloatVector w3 = ((FloatVector) hi.castShape(F, 1)).mul(scale);
      even = w0.fma(FloatVector.fromArray(F, x, xo), even);
      odd = w1.fma(FloatVector.fromArray(F, x, xo + 8), odd);
      even = w2.fma(FloatVector.fromArray(F, x, xo + 16), even);
      odd = w3.fma(FloatVector.fromArray(F, x, xo + 24), odd);
    }
    return Layouts.sum(even.add(odd));
  }

  /** Decode's one-token product; as {@link Q8_0Tensor#dotRows}, from the heap copy. */
  @Override
  public void dotRows(long offset, int cols, int rows, float[] x, float[] out, int outOffset) {
    if (nibbles == null || offset % BLOCK != 0 || cols % BLOCK != 0) {
      DecodeCopyable.super.dotRows(offset, cols, rows, x, out, outOffset);
      return;
    }
    QuarterRows.dot(
        (int) (offset / BLOCK),
        cols / BLOCK,
        rows,
        x,
        out,
        outOffset,
        this::dot4Rows,
        this::dotAligned);
  }

  /**
   * Rows starting at blocks {@code firstBlock + i * strideBlocks}, i &lt; 4, of the heap copy
   * against x, into {@code out[o + i * outStride]}; low nibbles are elements 0-15, high ones 16-31.
   * One method on purpose (see {@link #dotAligned}).
   */
  private void dot4Rows(
      int firstBlock, int blocks, int strideBlocks, float[] x, float[] out, int o, int outStride) {
    byte[] q = nibbles;
    float[] s = scales;
    FloatVector a0 = FloatVector.zero(F512);
    FloatVector a1 = FloatVector.zero(F512);
    FloatVector a2 = FloatVector.zero(F512);
    FloatVector a3 = FloatVector.zero(F512);
    int b0 = firstBlock;
    int b1 = b0 + strideBlocks;
    int b2 = b1 + strideBlocks;
    int b3 = b2 + strideBlocks;
    for (int b = 0; b < blocks; b++) {
      FloatVector x0 = FloatVector.fromArray(F512, x, b * BLOCK);
      FloatVector x1 = FloatVector.fromArray(F512, x, b * BLOCK + 16);
      ByteVector p;
      FloatVector sc;
      p = ByteVector.fromArray(B128, q, (b0 + b) * 16);
      sc = FloatVector.broadcast(F512, s[b0 + b]);
      a0 =
          ((FloatVector)
                  p.and((byte) 0x0F).sub((byte) 8).convertShape(VectorOperators.B2F, F512, 0))
              .mul(sc)
              .fma(x0, a0);
      a0 =
          ((FloatVector)
                  p.reinterpretAsShorts()
                      .lanewise(VectorOperators.LSHR, 4)
                      .reinterpretAsBytes()
                      .and((byte) 0x0F)
                      .sub((byte) 8)
                      .convertShape(VectorOperators.B2F, F512, 0))
              .mul(sc)
              .fma(x1, a0);
      p = ByteVector.fromArray(B128, q, (b1 + b) * 16);
      sc = FloatVector.broadcast(F512, s[b1 + b]);
      a1 =
          ((FloatVector)
                  p.and((byte) 0x0F).sub((byte) 8).convertShape(VectorOperators.B2F, F512, 0))
              .mul(sc)
              .fma(x0, a1);
      a1 =
          ((FloatVector)
                  p.reinterpretAsShorts()
                      .lanewise(VectorOperators.LSHR, 4)
                      .reinterpretAsBytes()
                      .and((byte) 0x0F)
                      .sub((byte) 8)
                      .convertShape(VectorOperators.B2F, F512, 0))
              .mul(sc)
              .fma(x1, a1);
      p = ByteVector.fromArray(B128, q, (b2 + b) * 16);
      sc = FloatVector.broadcast(F512, s[b2 + b]);
      a2 =
          ((FloatVector)
                  p.and((byte) 0x0F).sub((byte) 8).convertShape(VectorOperators.B2F, F512, 0))
              .mul(sc)
              .fma(x0, a2);
      a2 =
          ((FloatVector)
                  p.reinterpretAsShorts()
                      .lanewise(VectorOperators.LSHR, 4)
                      .reinterpretAsBytes()
                      .and((byte) 0x0F)
                      .sub((byte) 8)
                      .convertShape(VectorOperators.B2F, F512, 0))
              .mul(sc)
              .fma(x1, a2);
      p = ByteVector.fromArray(B128, q, (b3 + b) * 16);
      sc = FloatVector.broadcast(F512, s[b3 + b]);
      a3 =
          ((FloatVector)
                  p.and((byte) 0x0F).sub((byte) 8).convertShape(VectorOperators.B2F, F512, 0))
              .mul(sc)
              .fma(x0, a3);
      a3 =
          ((FloatVector)
                  p.reinterpretAsShorts()
                      .lanewise(VectorOperators.LSHR, 4)
                      .reinterpretAsBytes()
                      .and((byte) 0x0F)
                      .sub((byte) 8)
                      .convertShape(VectorOperators.B2F, F512, 0))
              .mul(sc)
              .fma(x1, a3);
    }
    out[o] = Layouts.sumWide(a0);
    out[o + outStride] = Layouts.sumWide(a1);
    out[o + 2 * outStride] = Layouts.sumWide(a2);
    out[o + 3 * outStride] = Layouts.sumWide(a3);
  }

  @Override
  public int rowBlock() {
    return BLOCK;
  }

  /** The unpacked weights times the block's scale: the floats {@link #dotAligned} multiplies. */
  @Override
  public void decodeRows(long offset, int cols, int rows, float[] panel) {
    if (offset % BLOCK != 0 || cols % BLOCK != 0) {
      throw new IllegalArgumentException(
          "rows of whole blocks only: offset " + offset + ", " + cols);
    }
    long base = offset / BLOCK * BLOCK_BYTES;
    int blocks = cols / BLOCK * rows;
    for (int b = 0; b < blocks; b++, base += BLOCK_BYTES) {
      int o = b * BLOCK;
      FloatVector scale = FloatVector.broadcast(F, Float.float16ToFloat(data.get(I16, base)));
      ByteVector packed = ByteVector.fromMemorySegment(B128, data, base + 2, LE);
      ByteVector lo = packed.and((byte) 0x0F).sub((byte) 8);
      ByteVector hi =
          packed
              .reinterpretAsShorts()
              .lanewise(VectorOperators.LSHR, 4)
              .reinterpretAsBytes()
              .and((byte) 0x0F)
              .sub((byte) 8);
      ((FloatVector) lo.castShape(F, 0)).mul(scale).intoArray(panel, o);
      ((FloatVector) lo.castShape(F, 1)).mul(scale).intoArray(panel, o + 8);
      ((FloatVector) hi.castShape(F, 0)).mul(scale).intoArray(panel, o + 16);
      ((FloatVector) hi.castShape(F, 1)).mul(scale).intoArray(panel, o + 24);
    }
  }

  @Override
  public void dotMany(long offset, float[][] x, int xOffset, int n, int from, int to, float[] out) {
    if (offset % BLOCK != 0 || n % BLOCK != 0) {
      DecodeCopyable.super.dotMany(offset, x, xOffset, n, from, to, out);
      return;
    }
    float[] sums = new float[4];
    for (int t = from; t < to; t += 4) {
      // Groups of four; a short last group repeats its first vector and ignores the extra results.
      float[] x0 = x[t];
      float[] x1 = t + 1 < to ? x[t + 1] : x0;
      float[] x2 = t + 2 < to ? x[t + 2] : x0;
      float[] x3 = t + 3 < to ? x[t + 3] : x0;
      dot4(offset / BLOCK, n / BLOCK, x0, x1, x2, x3, xOffset, sums);
      for (int i = 0; i < 4 && t + i < to; i++) {
        out[t + i] = sums[i];
      }
    }
  }

  /**
   * Four vectors against the same blocks: each block is loaded and widened once, used four times.
   */
  private void dot4(
      long firstBlock,
      int blocks,
      float[] x0,
      float[] x1,
      float[] x2,
      float[] x3,
      int xOffset,
      float[] sums) {
    FloatVector e0 = FloatVector.zero(F);
    FloatVector o0 = FloatVector.zero(F);
    FloatVector e1 = FloatVector.zero(F);
    FloatVector o1 = FloatVector.zero(F);
    FloatVector e2 = FloatVector.zero(F);
    FloatVector o2 = FloatVector.zero(F);
    FloatVector e3 = FloatVector.zero(F);
    FloatVector o3 = FloatVector.zero(F);
    long base = firstBlock * BLOCK_BYTES;
    for (int b = 0; b < blocks; b++, base += BLOCK_BYTES) {
      int xo = xOffset + b * BLOCK;
      FloatVector scale = FloatVector.broadcast(F, Float.float16ToFloat(data.get(I16, base)));
      ByteVector packed = ByteVector.fromMemorySegment(B128, data, base + 2, LE);
      ByteVector lo = packed.and((byte) 0x0F).sub((byte) 8);
      ByteVector hi =
          packed
              .reinterpretAsShorts()
              .lanewise(VectorOperators.LSHR, 4)
              .reinterpretAsBytes()
              .and((byte) 0x0F)
              .sub((byte) 8);
      FloatVector w0 = ((FloatVector) lo.castShape(F, 0)).mul(scale);
      FloatVector w1 = ((FloatVector) lo.castShape(F, 1)).mul(scale);
      FloatVector w2 = ((FloatVector) hi.castShape(F, 0)).mul(scale);
      FloatVector w3 = ((FloatVector) hi.castShape(F, 1)).mul(scale);
      e0 = w0.fma(FloatVector.fromArray(F, x0, xo), e0);
      o0 = w1.fma(FloatVector.fromArray(F, x0, xo + 8), o0);
      e0 = w2.fma(FloatVector.fromArray(F, x0, xo + 16), e0);
      o0 = w3.fma(FloatVector.fromArray(F, x0, xo + 24), o0);
      e1 = w0.fma(FloatVector.fromArray(F, x1, xo), e1);
      o1 = w1.fma(FloatVector.fromArray(F, x1, xo + 8), o1);
      e1 = w2.fma(FloatVector.fromArray(F, x1, xo + 16), e1);
      o1 = w3.fma(FloatVector.fromArray(F, x1, xo + 24), o1);
      e2 = w0.fma(FloatVector.fromArray(F, x2, xo), e2);
      o2 = w1.fma(FloatVector.fromArray(F, x2, xo + 8), o2);
      e2 = w2.fma(FloatVector.fromArray(F, x2, xo + 16), e2);
      o2 = w3.fma(FloatVector.fromArray(F, x2, xo + 24), o2);
      e3 = w0.fma(FloatVector.fromArray(F, x3, xo), e3);
      o3 = w1.fma(FloatVector.fromArray(F, x3, xo + 8), o3);
      e3 = w2.fma(FloatVector.fromArray(F, x3, xo + 16), e3);
      o3 = w3.fma(FloatVector.fromArray(F, x3, xo + 24), o3);
    }
    sums[0] = Layouts.sum(e0.add(o0));
    sums[1] = Layouts.sum(e1.add(o1));
    sums[2] = Layouts.sum(e2.add(o2));
    sums[3] = Layouts.sum(e3.add(o3));
  }

  @Override
  public float dot(long offset, Q8Activations x, int token, int n) {
    Q8Blocks.check(offset, n);
    return dotQ8(data, offset / BLOCK, n / BLOCK, x.values(token), x.scales(token));
  }

  /**
   * Whole blocks against int8 activations: the 16 packed bytes widen to 16-bit lanes
   * (sign-extended; the arithmetic shift and mask still give each nibble; measured a little faster
   * than unpacking in byte lanes), where the products and all their sums stay exact: |w| <= 8 and
   * |x| <= 127, so even a whole block's 32 products fit in 16 bits. That lets the 16 lanes fold to
   * 8 (lane k + lane k + 8) before the conversion to float, one conversion fewer than Q8_0 needs.
   * Same arithmetic per token as {@link #dot4Q8}; written out in each kernel because a helper
   * method made the vectors escape to the heap (4x slower, see Q8_0Tensor).
   */
  private static float dotQ8(
      MemorySegment data, long firstBlock, int blocks, short[] xq, float[] xs) {
    // Sliced here, not by the caller, so the slice does not escape and costs no allocation.
    MemorySegment row = data.asSlice(firstBlock * BLOCK_BYTES, (long) blocks * BLOCK_BYTES);
    FloatVector acc = FloatVector.zero(F);
    long base = 0;
    for (int b = 0; b < blocks; b++, base += BLOCK_BYTES) {
      int xo = b * BLOCK;
      float scale = Float.float16ToFloat(row.get(I16, base)) * xs[b];
      ShortVector packed =
          (ShortVector) ByteVector.fromMemorySegment(B128, row, base + 2, LE).castShape(S256, 0);
      ShortVector lo = packed.and((short) 0x0F).sub((short) 8);
      ShortVector hi = packed.lanewise(VectorOperators.ASHR, 4).and((short) 0x0F).sub((short) 8);
      ShortVector p =
          lo.mul(ShortVector.fromArray(S256, xq, xo))
              .add(hi.mul(ShortVector.fromArray(S256, xq, xo + 16)));
      acc =
          ((FloatVector)
                  ((ShortVector) p.castShape(S128, 0))
                      .add((ShortVector) p.castShape(S128, 1))
                      .castShape(F, 0))
              .fma(FloatVector.broadcast(F, scale), acc);
    }
    return Layouts.sum(acc);
  }

  @Override
  public void dotMany(long offset, Q8Activations x, int n, int from, int to, float[] out) {
    Q8Blocks.dotMany(Q4_0Tensor::dot4Q8, false, data, offset, x, n, from, to, out);
  }

  /** Four tokens against the same blocks: each block is unpacked once, used four times. */
  private static void dot4Q8(
      MemorySegment data,
      long firstBlock,
      int blocks,
      short[] q0,
      short[] q1,
      short[] q2,
      short[] q3,
      float[] s0,
      float[] s1,
      float[] s2,
      float[] s3,
      float[] sums) {
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = FloatVector.zero(F);
    FloatVector a2 = FloatVector.zero(F);
    FloatVector a3 = FloatVector.zero(F);
    MemorySegment row = data.asSlice(firstBlock * BLOCK_BYTES, (long) blocks * BLOCK_BYTES);
    long base = 0;
    for (int b = 0; b < blocks; b++, base += BLOCK_BYTES) {
      int xo = b * BLOCK;
      float d = Float.float16ToFloat(row.get(I16, base));
      ShortVector packed =
          (ShortVector) ByteVector.fromMemorySegment(B128, row, base + 2, LE).castShape(S256, 0);
      ShortVector lo = packed.and((short) 0x0F).sub((short) 8);
      ShortVector hi = packed.lanewise(VectorOperators.ASHR, 4).and((short) 0x0F).sub((short) 8);
      ShortVector p =
          lo.mul(ShortVector.fromArray(S256, q0, xo))
              .add(hi.mul(ShortVector.fromArray(S256, q0, xo + 16)));
      a0 =
          ((FloatVector)
                  ((ShortVector) p.castShape(S128, 0))
                      .add((ShortVector) p.castShape(S128, 1))
                      .castShape(F, 0))
              .fma(FloatVector.broadcast(F, d * s0[b]), a0);
      p =
          lo.mul(ShortVector.fromArray(S256, q1, xo))
              .add(hi.mul(ShortVector.fromArray(S256, q1, xo + 16)));
      a1 =
          ((FloatVector)
                  ((ShortVector) p.castShape(S128, 0))
                      .add((ShortVector) p.castShape(S128, 1))
                      .castShape(F, 0))
              .fma(FloatVector.broadcast(F, d * s1[b]), a1);
      p =
          lo.mul(ShortVector.fromArray(S256, q2, xo))
              .add(hi.mul(ShortVector.fromArray(S256, q2, xo + 16)));
      a2 =
          ((FloatVector)
                  ((ShortVector) p.castShape(S128, 0))
                      .add((ShortVector) p.castShape(S128, 1))
                      .castShape(F, 0))
              .fma(FloatVector.broadcast(F, d * s2[b]), a2);
      p =
          lo.mul(ShortVector.fromArray(S256, q3, xo))
              .add(hi.mul(ShortVector.fromArray(S256, q3, xo + 16)));
      a3 =
          ((FloatVector)
                  ((ShortVector) p.castShape(S128, 0))
                      .add((ShortVector) p.castShape(S128, 1))
                      .castShape(F, 0))
              .fma(FloatVector.broadcast(F, d * s3[b]), a3);
    }
    sums[0] = Layouts.sum(a0);
    sums[1] = Layouts.sum(a1);
    sums[2] = Layouts.sum(a2);
    sums[3] = Layouts.sum(a3);
  }
  // CPD-ON
}
