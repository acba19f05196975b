package dev.rag.llm.tensor.quant;

import static dev.rag.llm.tensor.quant.Layouts.B128;
import static dev.rag.llm.tensor.quant.Layouts.F;
import static dev.rag.llm.tensor.quant.Layouts.F512;
import static dev.rag.llm.tensor.quant.Layouts.I16;
import static dev.rag.llm.tensor.quant.Layouts.I8;
import static dev.rag.llm.tensor.quant.Layouts.LE;
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
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

/**
 * Q8_0: blocks of 32 elements, each an fp16 scale followed by 32 signed bytes (34 bytes). Blocks
 * are indexed over the flattened tensor, so rows whose length is not a multiple of 32 (blocks
 * running across row boundaries) work too: a dot product over an unaligned range handles its
 * partial head and tail blocks element by element.
 */
public final class Q8_0Tensor implements DecodeCopyable, Q8Dot, RowPanels {
  public static final int BLOCK = 32;
  public static final int BLOCK_BYTES = 34;

  /**
   * The weights of a block in the activations' {@link Q8Activations#QUAD_ORDER}, so that the int8
   * kernels' eight float lanes each sum four neighbouring products, as llama.cpp's Q8_0 kernel does
   * (the per-lane integer sums are exact; which products share a lane decides how the float sum
   * over blocks rounds).
   */
  private static final VectorShuffle<Byte> QUADS =
      VectorShuffle.fromArray(B128, Q8Activations.QUAD_ORDER, 0);

  private static final VectorShuffle<Float> SWAP_HALVES =
      VectorShuffle.fromValues(F, 4, 5, 6, 7, 0, 1, 2, 3);

  private static final VectorMask<Float> HIGH_HALF =
      VectorMask.fromValues(F, false, false, false, false, true, true, true, true);

  private final MemorySegment data;
  private final long size;

  /**
   * A copy of the blocks on the heap for {@link #dotRows}, or null: the signed bytes of block b at
   * {@code quants[32 b]}, its scale as a float at {@code scales[b]} (see {@link #withDecodeCopy}).
   */
  private final byte[] quants;

  private final float[] scales;

  public Q8_0Tensor(MemorySegment data, long size) {
    this(data, size, null, null);
  }

  private Q8_0Tensor(MemorySegment data, long size, byte[] quants, float[] scales) {
    TensorBytes.requireBytes(data, GgmlType.Q8_0, size);
    this.data = data;
    this.size = size;
    this.quants = quants;
    this.scales = scales;
  }

  /**
   * Whether {@link #withDecodeCopy} would make one-token products faster here: it needs 512-bit
   * vectors ({@link Layouts#WIDE}) and whole blocks.
   */
  @Override
  public boolean decodeCopyHelps() {
    return Layouts.WIDE && quants == null && size % BLOCK == 0 && size < Integer.MAX_VALUE - 64;
  }

  /**
   * The same tensor with a heap copy of its blocks ({@link #byteSize} more memory), which decode's
   * one-token products read four rows at a time in 16-lane vectors: about 20 % faster single-stream
   * decode on the 1B shape, measured (bench/RESULTS.md). The GGUF layout of 34-byte blocks puts a
   * quarter of the 16-byte loads across two cache lines and leaves each block's fp16 scale to
   * convert; reading the mapped file four rows at a time was measured no faster inside the model's
   * forward pass. Every other product keeps reading the mapped blocks, and the results are
   * bit-identical either way.
   */
  @Override
  public Q8_0Tensor withDecodeCopy() {
    if (!decodeCopyHelps()) {
      return this;
    }
    int blocks = (int) (size / BLOCK);
    byte[] q = new byte[blocks * BLOCK];
    float[] s = new float[blocks];
    for (int b = 0; b < blocks; b++) {
      s[b] = Float.float16ToFloat(data.get(I16, (long) b * BLOCK_BYTES));
      MemorySegment.copy(data, I8, (long) b * BLOCK_BYTES + 2, q, b * BLOCK, BLOCK);
    }
    return new Q8_0Tensor(data, size, q, s);
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
    return GgmlType.Q8_0;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public long byteSize() {
    return TensorBytes.bytesFor(GgmlType.Q8_0, size);
  }

  // CPD-OFF: the Q4_0 and Q8_0 kernels below repeat their loops on purpose; a shared helper
  // method made the vectors escape to the heap (3-4x slower; see the kernels' Javadoc).
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

  /**
   * {@code blocks} whole blocks from block {@code firstBlock}: two 16-byte loads widen to four
   * float vectors (measured faster on AVX2 than one 32-byte load split four ways or four 8-byte
   * loads). The scale multiplies the widened weights, and the products go straight into two
   * accumulators by fma (alternate quarters of each block), which keeps two dependency chains in
   * flight and costs four floating-point operations per block and vector instead of seven (10%
   * faster prefill, measured). The arithmetic is exactly that of {@link #dot4} for one vector, so a
   * sequence gets bit-identical results alone or batched. Deliberately one method: helpers holding
   * vector code exceeded the JIT's inlining size and made vectors escape to the heap (3x slower).
   */
  private float dotAligned(long firstBlock, float[] x, int xOffset, int blocks) {
    FloatVector even = FloatVector.zero(F);
    FloatVector odd = FloatVector.zero(F);
    long base = firstBlock * BLOCK_BYTES;
    for (int b = 0; b < blocks; b++, base += BLOCK_BYTES) {
      int xo = xOffset + b * BLOCK;
      FloatVector scale = FloatVector.broadcast(F, Float.float16ToFloat(data.get(I16, base)));
      ByteVector lo = ByteVector.fromMemorySegment(B128, data, base + 2, LE);
      ByteVector hi = ByteVector.fromMemorySegment(B128, data, base + 18, LE);
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

  /**
   * Decode's one-token product. With a {@link #withDecodeCopy heap copy}, four rows at a time, each
   * in one 16-lane accumulator, which holds exactly {@link #dotAligned}'s two 8-lane ones side by
   * side; {@link QuarterRows} picks the rows.
   */
  @Override
  public void dotRows(long offset, int cols, int rows, float[] x, float[] out, int outOffset) {
    if (quants == null || offset % BLOCK != 0 || cols % BLOCK != 0) {
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
   * against x, into {@code out[o + i * outStride]}. One method on purpose (see {@link
   * #dotAligned}).
   */
  private void dot4Rows(
      int firstBlock, int blocks, int strideBlocks, float[] x, float[] out, int o, int outStride) {
    byte[] q = quants;
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
      FloatVector sc = FloatVector.broadcast(F512, s[b0 + b]);
      a0 =
          ((FloatVector)
                  ByteVector.fromArray(B128, q, (b0 + b) * BLOCK)
                      .convertShape(VectorOperators.B2F, F512, 0))
              .mul(sc)
              .fma(x0, a0);
      a0 =
          ((FloatVector)
                  ByteVector.fromArray(B128, q, (b0 + b) * BLOCK + 16)
                      .convertShape(VectorOperators.B2F, F512, 0))
              .mul(sc)
              .fma(x1, a0);
      sc = FloatVector.broadcast(F512, s[b1 + b]);
      a1 =
          ((FloatVector)
                  ByteVector.fromArray(B128, q, (b1 + b) * BLOCK)
                      .convertShape(VectorOperators.B2F, F512, 0))
              .mul(sc)
              .fma(x0, a1);
      a1 =
          ((FloatVector)
                  ByteVector.fromArray(B128, q, (b1 + b) * BLOCK + 16)
                      .convertShape(VectorOperators.B2F, F512, 0))
              .mul(sc)
              .fma(x1, a1);
      sc = FloatVector.broadcast(F512, s[b2 + b]);
      a2 =
          ((FloatVector)
                  ByteVector.fromArray(B128, q, (b2 + b) * BLOCK)
                      .convertShape(VectorOperators.B2F, F512, 0))
              .mul(sc)
              .fma(x0, a2);
      a2 =
          ((FloatVector)
                  ByteVector.fromArray(B128, q, (b2 + b) * BLOCK + 16)
                      .convertShape(VectorOperators.B2F, F512, 0))
              .mul(sc)
              .fma(x1, a2);
      sc = FloatVector.broadcast(F512, s[b3 + b]);
      a3 =
          ((FloatVector)
                  ByteVector.fromArray(B128, q, (b3 + b) * BLOCK)
                      .convertShape(VectorOperators.B2F, F512, 0))
              .mul(sc)
              .fma(x0, a3);
      a3 =
          ((FloatVector)
                  ByteVector.fromArray(B128, q, (b3 + b) * BLOCK + 16)
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

  /** The widened weights times the block's scale: the floats {@link #dotAligned} multiplies. */
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
      ByteVector lo = ByteVector.fromMemorySegment(B128, data, base + 2, LE);
      ByteVector hi = ByteVector.fromMemorySegment(B128, data, base + 18, LE);
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
      ByteVector lo = ByteVector.fromMemorySegment(B128, data, base + 2, LE);
      ByteVector hi = ByteVector.fromMemorySegment(B128, data, base + 18, LE);
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
    return dotQ8(data, offset / BLOCK, n / BLOCK, x.quadOrdered(token), x.scales(token));
  }

  /**
   * Whole blocks against int8 activations: weights and activations widen to 16-bit lanes, where
   * int8 * int8 products and sums of two of them are exact (|w| <= 128, |x| <= 127); the 16 sums
   * convert to floats (exact, below 2^24), fold to 8 lanes and take the block's two scales in one
   * fma (going through 32-bit ints instead measured no faster). Same arithmetic per token as {@link
   * #dot4Q8}; one method on purpose (see {@link #dotAligned}).
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
      ShortVector w0 =
          (ShortVector)
              ByteVector.fromMemorySegment(B128, row, base + 2, LE)
                  .rearrange(QUADS)
                  .castShape(S256, 0);
      ShortVector w1 =
          (ShortVector)
              ByteVector.fromMemorySegment(B128, row, base + 18, LE)
                  .rearrange(QUADS)
                  .castShape(S256, 0);
      ShortVector p0 = w0.mul(ShortVector.fromArray(S256, xq, xo));
      ShortVector p1 = w1.mul(ShortVector.fromArray(S256, xq, xo + 16));
      FloatVector f0 = ((FloatVector) p0.castShape(F, 0)).add((FloatVector) p0.castShape(F, 1));
      FloatVector f1 = ((FloatVector) p1.castShape(F, 0)).add((FloatVector) p1.castShape(F, 1));
      acc =
          f0.add(f0.rearrange(SWAP_HALVES))
              .blend(f1.add(f1.rearrange(SWAP_HALVES)), HIGH_HALF)
              .fma(FloatVector.broadcast(F, scale), acc);
    }
    return Layouts.sum(acc);
  }

  @Override
  public void dotMany(long offset, Q8Activations x, int n, int from, int to, float[] out) {
    Q8Blocks.dotMany(Q8_0Tensor::dot4Q8, true, data, offset, x, n, from, to, out);
  }

  /**
   * Four tokens against the same blocks: each block is loaded and widened once, used four times.
   */
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
      ShortVector w0 =
          (ShortVector)
              ByteVector.fromMemorySegment(B128, row, base + 2, LE)
                  .rearrange(QUADS)
                  .castShape(S256, 0);
      ShortVector w1 =
          (ShortVector)
              ByteVector.fromMemorySegment(B128, row, base + 18, LE)
                  .rearrange(QUADS)
                  .castShape(S256, 0);
      ShortVector p0 = w0.mul(ShortVector.fromArray(S256, q0, xo));
      ShortVector p1 = w1.mul(ShortVector.fromArray(S256, q0, xo + 16));
      FloatVector f0 = ((FloatVector) p0.castShape(F, 0)).add((FloatVector) p0.castShape(F, 1));
      FloatVector f1 = ((FloatVector) p1.castShape(F, 0)).add((FloatVector) p1.castShape(F, 1));
      a0 =
          f0.add(f0.rearrange(SWAP_HALVES))
              .blend(f1.add(f1.rearrange(SWAP_HALVES)), HIGH_HALF)
              .fma(FloatVector.broadcast(F, d * s0[b]), a0);
      p0 = w0.mul(ShortVector.fromArray(S256, q1, xo));
      p1 = w1.mul(ShortVector.fromArray(S256, q1, xo + 16));
      f0 = ((FloatVector) p0.castShape(F, 0)).add((FloatVector) p0.castShape(F, 1));
      f1 = ((FloatVector) p1.castShape(F, 0)).add((FloatVector) p1.castShape(F, 1));
      a1 =
          f0.add(f0.rearrange(SWAP_HALVES))
              .blend(f1.add(f1.rearrange(SWAP_HALVES)), HIGH_HALF)
              .fma(FloatVector.broadcast(F, d * s1[b]), a1);
      p0 = w0.mul(ShortVector.fromArray(S256, q2, xo));
      p1 = w1.mul(ShortVector.fromArray(S256, q2, xo + 16));
      f0 = ((FloatVector) p0.castShape(F, 0)).add((FloatVector) p0.castShape(F, 1));
      f1 = ((FloatVector) p1.castShape(F, 0)).add((FloatVector) p1.castShape(F, 1));
      a2 =
          f0.add(f0.rearrange(SWAP_HALVES))
              .blend(f1.add(f1.rearrange(SWAP_HALVES)), HIGH_HALF)
              .fma(FloatVector.broadcast(F, d * s2[b]), a2);
      p0 = w0.mul(ShortVector.fromArray(S256, q3, xo));
      p1 = w1.mul(ShortVector.fromArray(S256, q3, xo + 16));
      f0 = ((FloatVector) p0.castShape(F, 0)).add((FloatVector) p0.castShape(F, 1));
      f1 = ((FloatVector) p1.castShape(F, 0)).add((FloatVector) p1.castShape(F, 1));
      a3 =
          f0.add(f0.rearrange(SWAP_HALVES))
              .blend(f1.add(f1.rearrange(SWAP_HALVES)), HIGH_HALF)
              .fma(FloatVector.broadcast(F, d * s3[b]), a3);
    }
    sums[0] = Layouts.sum(a0);
    sums[1] = Layouts.sum(a1);
    sums[2] = Layouts.sum(a2);
    sums[3] = Layouts.sum(a3);
  }
  // CPD-ON
}
