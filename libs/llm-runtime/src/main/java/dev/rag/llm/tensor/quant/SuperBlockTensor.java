package dev.rag.llm.tensor.quant;

import static dev.rag.llm.tensor.quant.Layouts.F;
import static dev.rag.llm.tensor.quant.Layouts.I;
import static dev.rag.llm.tensor.quant.Layouts.S256;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.Q8KActivations;
import dev.rag.llm.tensor.Q8KDot;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

/**
 * The K-quants (256-element super-blocks). Each format unpacks a super-block with vector code into
 * 256 small signed integers, one integer scale per 16 elements and, where the format has them, one
 * integer min per 16 elements ({@link Unpacked}); everything after that is shared:
 *
 * <ul>
 *   <li>Float activations: the block is turned into the same floats as the scalar {@link
 *       #decodeBlock} ({@code d * scale * q - dmin * min}, same operations in the same order), 16
 *       at a time.
 *   <li>Q8_K activations ({@link Q8KDot}): the dot product is computed as llama.cpp's AVX2 kernels
 *       compute it, so the result is the same float, bit for bit. Those kernels sum products in
 *       eight 32-bit lanes per super-block, lane {@code k} collecting elements whose position
 *       within their 32-element group lies in {@code [4k, 4k + 4)} (what {@code maddubs} + {@code
 *       madd} leave), each times its 16-element scale; the integer sums are exact, so only that
 *       assignment to lanes matters. Each lane is converted to float and added with one FMA by the
 *       super-block's {@code d} (activation scale times the fp16 weight scale) into eight float
 *       accumulators, which are summed at the end in {@code hsum_float_8}'s order; the mins enter
 *       as each format's kernel adds them ({@link Mins}).
 * </ul>
 */
abstract sealed class SuperBlockTensor extends DecodedBlockTensor implements Q8KDot
    permits Q2_KTensor, Q3_KTensor, Q4_KTensor, Q5_KTensor, Q6_KTensor {
  static final int BLOCK = 256;

  /** How llama.cpp's AVX2 kernel for a format adds {@code dmin * min * sum(x)}. */
  enum Mins {
    /** No mins (Q3_K, Q6_K: the offset is inside the integer weights). */
    NONE,
    /**
     * Q2_K: per 16 elements, pairs of groups in eight lanes, FMA-ed into the main accumulators
     * before the super-block's own products.
     */
    EIGHT_LANES_FIRST,
    /** Q4_K: per 32 elements, pairs of sub-blocks in four lanes of their own, added at the end. */
    FOUR_LANES,
    /** Q5_K: per 32 elements, summed as integers, one scalar FMA per super-block. */
    SCALAR
  }

  /** One super-block unpacked: reused, one per thread. */
  static final class Unpacked {
    final short[] q = new short[BLOCK];
    final int[] scales = new int[BLOCK / 16];
    final int[] mins = new int[BLOCK / 16];
    float d;
    float dmin;
  }

  private static final ThreadLocal<Unpacked> SCRATCH = ThreadLocal.withInitial(Unpacked::new);

  private final Mins mins;

  SuperBlockTensor(GgmlType type, MemorySegment data, long size, Mins mins) {
    super(type, data, size);
    this.mins = mins;
  }

  /**
   * Unpacks the super-block at {@code base}: {@code u.q} the signed integer weights (offsets such
   * as Q6_K's 32 already subtracted), {@code u.scales[i]} / {@code u.mins[i]} those of elements
   * {@code [16i, 16i + 16)} (repeated for formats with one per 32), {@code u.d} / {@code u.dmin}
   * the fp16 super-block scales as floats.
   */
  abstract void unpack(MemorySegment data, long base, Unpacked u);

  @Override
  final void decode(MemorySegment data, long base, float[] dst) {
    Unpacked u = SCRATCH.get();
    unpack(data, base, u);
    for (int g = 0; g < BLOCK / 16; g++) {
      float dl = u.d * u.scales[g];
      ShortVector q = ShortVector.fromArray(S256, u.q, 16 * g);
      FloatVector lo = ((FloatVector) q.castShape(F, 0)).mul(dl);
      FloatVector hi = ((FloatVector) q.castShape(F, 1)).mul(dl);
      if (mins != Mins.NONE) {
        float ml = u.dmin * u.mins[g];
        lo = lo.sub(ml);
        hi = hi.sub(ml);
      }
      lo.intoArray(dst, 16 * g);
      hi.intoArray(dst, 16 * g + 8);
    }
  }

  @Override
  public final float dot(long offset, Q8KActivations x, int token, int n) {
    check(offset, n);
    Unpacked u = SCRATCH.get();
    Sums s = new Sums();
    MemorySegment data = segment();
    long base = offset / BLOCK * type().typeSize();
    for (int b = 0; b < n / BLOCK; b++, base += type().typeSize()) {
      unpack(data, base, u);
      add(u, x, token, b, s);
    }
    return s.total();
  }

  @Override
  public final void dotMany(long offset, Q8KActivations x, int n, int from, int to, float[] out) {
    check(offset, n);
    Unpacked u = SCRATCH.get();
    Sums[] s = new Sums[to - from];
    for (int t = 0; t < s.length; t++) {
      s[t] = new Sums();
    }
    MemorySegment data = segment();
    long base = offset / BLOCK * type().typeSize();
    for (int b = 0; b < n / BLOCK; b++, base += type().typeSize()) {
      unpack(data, base, u);
      for (int t = from; t < to; t++) {
        add(u, x, t, b, s[t - from]);
      }
    }
    for (int t = from; t < to; t++) {
      out[t] = s[t - from].total();
    }
  }

  private static void check(long offset, int n) {
    if (offset % BLOCK != 0 || n % BLOCK != 0) {
      throw new IllegalArgumentException(
          "Q8_K activations need whole super-blocks: offset " + offset + ", n " + n);
    }
  }

  /** One token's accumulators, as in llama.cpp's kernels. */
  private final class Sums {
    final float[] lanes = new float[8];
    final float[] minLanes = new float[4];
    float minScalar;

    float total() {
      float[] a = lanes;
      float sum = ((a[0] + a[4]) + (a[2] + a[6])) + ((a[1] + a[5]) + (a[3] + a[7]));
      return switch (mins) {
        case FOUR_LANES -> sum + ((minLanes[0] + minLanes[2]) + (minLanes[1] + minLanes[3]));
        case SCALAR -> sum + minScalar;
        case NONE, EIGHT_LANES_FIRST -> sum;
      };
    }
  }

  /** Super-block {@code b} of token {@code t} into its sums. */
  private void add(Unpacked u, Q8KActivations x, int t, int b, Sums s) {
    float yd = x.scales(t)[b];
    int[] bs = x.sums16(t);
    int g = 16 * b;
    if (mins != Mins.NONE) {
      float dmin = -yd * u.dmin;
      int[] m = u.mins;
      switch (mins) {
        case EIGHT_LANES_FIRST -> {
          for (int k = 0; k < 8; k++) {
            int prod = m[2 * k] * bs[g + 2 * k] + m[2 * k + 1] * bs[g + 2 * k + 1];
            s.lanes[k] = Math.fma(dmin, (float) prod, s.lanes[k]);
          }
        }
        case FOUR_LANES -> {
          for (int k = 0; k < 4; k++) {
            int prod =
                m[4 * k] * (bs[g + 4 * k] + bs[g + 4 * k + 1])
                    + m[4 * k + 2] * (bs[g + 4 * k + 2] + bs[g + 4 * k + 3]);
            s.minLanes[k] = Math.fma(dmin, (float) prod, s.minLanes[k]);
          }
        }
        case SCALAR -> {
          int total = 0;
          for (int j = 0; j < 8; j++) {
            total += m[2 * j] * (bs[g + 2 * j] + bs[g + 2 * j + 1]);
          }
          // summs += dmin * total: GCC contracts it into an FMA in ggml's build (gnu11,
          // -march=native); the arch-parity logits are the same either way.
          s.minScalar = Math.fma(dmin, (float) total, s.minScalar);
        }
        case NONE -> throw new AssertionError();
      }
    }
    accumulate(u.q, u.scales, x.values(t), BLOCK * b, yd * u.d, s.lanes);
  }

  private static final VectorShuffle<Integer> PAIR_SWAP =
      VectorShuffle.fromValues(I, 1, 0, 3, 2, 5, 4, 7, 6);
  private static final VectorShuffle<Integer> EVENS =
      VectorShuffle.fromValues(I, 0, 2, 4, 6, 0, 2, 4, 6);
  private static final VectorMask<Integer> HIGH_HALF =
      VectorMask.fromValues(I, false, false, false, false, true, true, true, true);

  /**
   * The super-block's products in llama.cpp's eight lanes, added with one FMA by {@code d} into
   * {@code acc}. Products are exact in 16 bits (|q| <= 63 before the offset, |x| <= 127); each half
   * of a 32-element group adds its pairs of products in 32-bit lanes (the 16-bit lanes read as
   * 32-bit ones: low half sign-extended plus high half), times that half's scale, so {@code a0}
   * holds pairs of positions 0-15 and {@code a1} of 16-31 over the whole super-block; adjacent
   * pairs then make the lanes.
   */
  private static void accumulate(short[] q, int[] scales, short[] x, int xo, float d, float[] acc) {
    IntVector a0 = IntVector.zero(I);
    IntVector a1 = IntVector.zero(I);
    for (int c = 0; c < 8; c++) {
      int e = 32 * c;
      IntVector p0 =
          ShortVector.fromArray(S256, q, e)
              .mul(ShortVector.fromArray(S256, x, xo + e))
              .reinterpretAsInts();
      IntVector p1 =
          ShortVector.fromArray(S256, q, e + 16)
              .mul(ShortVector.fromArray(S256, x, xo + e + 16))
              .reinterpretAsInts();
      a0 =
          a0.add(
              p0.lanewise(VectorOperators.LSHL, 16)
                  .lanewise(VectorOperators.ASHR, 16)
                  .add(p0.lanewise(VectorOperators.ASHR, 16))
                  .mul(scales[2 * c]));
      a1 =
          a1.add(
              p1.lanewise(VectorOperators.LSHL, 16)
                  .lanewise(VectorOperators.ASHR, 16)
                  .add(p1.lanewise(VectorOperators.ASHR, 16))
                  .mul(scales[2 * c + 1]));
    }
    IntVector lanes =
        a0.add(a0.rearrange(PAIR_SWAP))
            .rearrange(EVENS)
            .blend(a1.add(a1.rearrange(PAIR_SWAP)).rearrange(EVENS), HIGH_HALF);
    ((FloatVector) lanes.convert(VectorOperators.I2F, 0))
        .fma(FloatVector.broadcast(F, d), FloatVector.fromArray(F, acc, 0))
        .intoArray(acc, 0);
  }
}
