package dev.rag.llm.tensor.quant;

import dev.rag.llm.tensor.PanelKernel;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorSpecies;

/** Little-endian layouts and vector species shared by the kernels. */
final class Layouts {
  static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
  static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);
  static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
  static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE);
  static final ValueLayout.OfByte I8 = ValueLayout.JAVA_BYTE;

  /** 8 floats on AVX2; the kernels are written for a 256-bit float species. */
  static final VectorSpecies<Float> F = PanelKernel.F;

  /**
   * 16 floats, used only where the hardware has 512-bit vectors ({@link #WIDE}). A 16-lane
   * accumulator over consecutive 16-element spans holds the 8-lane kernels' {@code even} chunks in
   * its low half and their {@code odd} chunks in its high half, so {@link #sumWide} of it is
   * exactly their result.
   */
  static final VectorSpecies<Float> F512 = FloatVector.SPECIES_512;

  /** Whether 512-bit vectors are native here; without AVX-512 they would run as slow fallbacks. */
  static final boolean WIDE = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;

  static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
  static final VectorSpecies<Short> S128 = ShortVector.SPECIES_128;
  static final VectorSpecies<Short> S256 = ShortVector.SPECIES_256;
  static final VectorSpecies<Byte> B128 = ByteVector.SPECIES_128;
  static final VectorSpecies<Byte> B256 = ByteVector.SPECIES_256;

  private Layouts() {}

  /** A 16-lane accumulator's result: its halves added, then {@link #sum}. */
  static float sumWide(FloatVector v) {
    return sum(
        ((FloatVector) v.reinterpretShape(F, 0)).add((FloatVector) v.reinterpretShape(F, 1)));
  }

  /** The fixed-order lane sum every kernel uses ({@link PanelKernel#sum}). */
  static float sum(FloatVector v) {
    return PanelKernel.sum(v);
  }
}
