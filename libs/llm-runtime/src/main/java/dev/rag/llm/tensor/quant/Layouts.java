package dev.rag.llm.tensor.quant;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** Little-endian layouts and vector species shared by the kernels. */
final class Layouts {
  static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
  static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);
  static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
  static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE);
  static final ValueLayout.OfByte I8 = ValueLayout.JAVA_BYTE;

  /** 8 floats on AVX2; the kernels are written for a 256-bit float species. */
  static final VectorSpecies<Float> F = FloatVector.SPECIES_256;

  static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
  static final VectorSpecies<Short> S128 = ShortVector.SPECIES_128;
  static final VectorSpecies<Short> S256 = ShortVector.SPECIES_256;
  static final VectorSpecies<Byte> B128 = ByteVector.SPECIES_128;
  static final VectorSpecies<Byte> B256 = ByteVector.SPECIES_256;

  private Layouts() {}

  private static final VectorShuffle<Float> SWAP_4 =
      VectorShuffle.fromValues(F, 4, 5, 6, 7, 0, 1, 2, 3);
  private static final VectorShuffle<Float> SWAP_2 =
      VectorShuffle.fromValues(F, 2, 3, 0, 1, 6, 7, 4, 5);
  private static final VectorShuffle<Float> SWAP_1 =
      VectorShuffle.fromValues(F, 1, 0, 3, 2, 5, 4, 7, 6);

  /**
   * Sum of the 8 lanes by three fixed butterfly steps. {@code reduceLanes(ADD)} leaves the order
   * unspecified, and interpreted and compiled code were seen to differ in the last bits; a fixed
   * order keeps results identical however a sequence is batched and whenever the JIT kicks in.
   */
  static float sum(FloatVector v) {
    FloatVector s = v.add(v.rearrange(SWAP_4));
    s = s.add(s.rearrange(SWAP_2));
    return s.add(s.rearrange(SWAP_1)).lane(0);
  }
}
