package dev.rag.llm.tensor.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Q2_K..Q6_K, Q4_1, Q5_0 and Q5_1. Blocks are built by an encoder written here from the ggml layout
 * (the opposite direction of the decoders): random quantized values, scales and mins go in, and
 * every decoded element must equal the layout's formula computed directly from those inputs. Then
 * the kernels: the vectorized dot product equals the dot of the decoded row, batched equals single.
 */
class BlockDecodedTensorsTest {
  /** Elements per test tensor: 8 super-blocks, 64 legacy blocks. */
  private static final int ELEMENTS = 2048;

  /** The inputs of one encoded tensor and the values the layout says they decode to. */
  record Encoded(byte[] bytes, float[] expected) {}

  @ParameterizedTest
  @EnumSource(
      value = GgmlType.class,
      names = {"Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "Q4_1", "Q5_0", "Q5_1"})
  void decodesHandBuiltBlocksToTheLayoutFormula(GgmlType type) {
    Encoded e = encode(type, ELEMENTS / type.blockSize(), new Random(type.ordinal()));
    Tensor t = TensorFormats.wrap(type, MemorySegment.ofArray(e.bytes()), e.expected().length);
    assertThat(t.type()).isEqualTo(type);
    float[] all = new float[e.expected().length];
    t.dequantize(0, all, 0, all.length);
    for (int i = 0; i < all.length; i++) {
      assertThat(all[i]).as("%s element %d", type, i).isCloseTo(e.expected()[i], within(1e-5f));
      if (i % 37 == 0) {
        assertThat(t.get(i)).isEqualTo(all[i]);
      }
    }
    // A row lookup that starts inside a block.
    float[] part = new float[300];
    t.dequantize(45, part, 0, 300);
    for (int i = 0; i < 300; i++) {
      assertThat(part[i]).isEqualTo(all[45 + i]);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = GgmlType.class,
      names = {"Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "Q4_1", "Q5_0", "Q5_1"})
  void dotEqualsTheDotOfTheDecodedRowAloneAndBatched(GgmlType type) {
    Encoded e = encode(type, ELEMENTS / type.blockSize(), new Random(100 + type.ordinal()));
    int n = e.expected().length;
    Tensor t = TensorFormats.wrap(type, MemorySegment.ofArray(e.bytes()), n);
    QuantTestSupport.assertSimdDotMatchesScalar(t);
    float[][] x = new float[5][];
    for (int k = 0; k < x.length; k++) {
      x[k] = QuantTestSupport.randomFloats(n, 7 + k);
    }
    int block = type.blockSize();
    int[][] ranges = {{0, n}, {block, 2 * block}, {0, block}};
    for (int[] r : ranges) {
      float[] batched = new float[x.length];
      t.dotMany(r[0], x, 0, r[1], 0, x.length, batched);
      for (int k = 0; k < x.length; k++) {
        double ref = 0;
        for (int i = 0; i < r[1]; i++) {
          ref += (double) e.expected()[r[0] + i] * x[k][i];
        }
        float single = t.dot(r[0], x[k], 0, r[1]);
        assertThat(single).isCloseTo((float) ref, within(1e-4f * (1 + (float) Math.abs(ref))));
        assertThat(batched[k]).as("batched equals single bit for bit").isEqualTo(single);
      }
    }
  }

  @org.junit.jupiter.api.Test
  void otherFormatsAreRefusedByName() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TensorFormats.wrap(GgmlType.IQ2_XXS, MemorySegment.ofArray(new byte[66]), 256))
        .isInstanceOf(dev.rag.llm.tensor.UnsupportedTensorTypeException.class)
        .hasMessageContaining("IQ2_XXS")
        .hasMessageContaining("Q4_K");
    assertThat(GgmlType.fromIdOrNull(23)).isEqualTo(GgmlType.IQ4_XS);
    assertThat(GgmlType.IQ4_XS.isSupported()).isFalse();
  }

  // ---- encoders, written from the ggml block layouts ----

  static Encoded encode(GgmlType type, int blocks, Random r) {
    ByteBuffer out = ByteBuffer.allocate(blocks * type.typeSize()).order(ByteOrder.LITTLE_ENDIAN);
    float[] expected = new float[blocks * type.blockSize()];
    for (int b = 0; b < blocks; b++) {
      int e0 = b * type.blockSize();
      switch (type) {
        case Q4_K -> q4K(out, expected, e0, r, false);
        case Q5_K -> q4K(out, expected, e0, r, true);
        case Q6_K -> q6K(out, expected, e0, r);
        case Q3_K -> q3K(out, expected, e0, r);
        case Q2_K -> q2K(out, expected, e0, r);
        case Q4_1 -> legacy(out, expected, e0, r, 4, true);
        case Q5_0 -> legacy(out, expected, e0, r, 5, false);
        case Q5_1 -> legacy(out, expected, e0, r, 5, true);
        default -> throw new IllegalArgumentException(type.toString());
      }
    }
    assertThat(out.position()).isEqualTo(out.capacity());
    return new Encoded(out.array(), expected);
  }

  private static float half(Random r, float scale) {
    return Float.float16ToFloat(
        Float.floatToFloat16((float) (r.nextDouble() * scale + scale / 10)));
  }

  private static void putHalf(ByteBuffer out, float v) {
    out.putShort(Float.floatToFloat16(v));
  }

  /** Q4_K, or Q5_K with {@code five}: d, dmin, 12 packed scale/min bytes, [qh], qs. */
  private static void q4K(ByteBuffer out, float[] expected, int e0, Random r, boolean five) {
    float d = half(r, 0.01f);
    float dmin = half(r, 0.02f);
    int[] sc = new int[8];
    int[] mn = new int[8];
    for (int j = 0; j < 8; j++) {
      sc[j] = r.nextInt(64);
      mn[j] = r.nextInt(64);
    }
    int[] q = new int[256];
    for (int i = 0; i < 256; i++) {
      q[i] = r.nextInt(five ? 32 : 16);
      int s = i / 32;
      expected[e0 + i] = d * sc[s] * q[i] - dmin * mn[s];
    }
    putHalf(out, d);
    putHalf(out, dmin);
    byte[] packed = new byte[12];
    for (int j = 0; j < 4; j++) {
      packed[j] = (byte) (sc[j] | (sc[j + 4] >> 4) << 6);
      packed[j + 4] = (byte) (mn[j] | (mn[j + 4] >> 4) << 6);
      packed[j + 8] = (byte) ((sc[j + 4] & 15) | (mn[j + 4] & 15) << 4);
    }
    out.put(packed);
    if (five) {
      byte[] qh = new byte[32];
      for (int i = 0; i < 256; i++) {
        int c = i / 64;
        int bit = 2 * c + (i % 64 >= 32 ? 1 : 0);
        qh[i % 32] |= (byte) ((q[i] >> 4) << bit);
      }
      out.put(qh);
    }
    for (int c = 0; c < 4; c++) {
      for (int l = 0; l < 32; l++) {
        out.put((byte) ((q[64 * c + l] & 15) | (q[64 * c + 32 + l] & 15) << 4));
      }
    }
  }

  /** Q6_K: ql[128], qh[64], int8 scales[16], d. */
  private static void q6K(ByteBuffer out, float[] expected, int e0, Random r) {
    float d = half(r, 0.005f);
    int[] sc = new int[16];
    for (int j = 0; j < 16; j++) {
      sc[j] = r.nextInt(256) - 128;
    }
    int[] q = new int[256];
    byte[] ql = new byte[128];
    byte[] qh = new byte[64];
    for (int i = 0; i < 256; i++) {
      q[i] = r.nextInt(64);
      expected[e0 + i] = d * sc[i / 16] * (q[i] - 32);
      int half = i / 128;
      int within = i % 128;
      int quarter = within / 32;
      int l = within % 32;
      int qlIndex = 64 * half + l + (quarter % 2 == 1 ? 32 : 0);
      ql[qlIndex] |= (byte) (quarter < 2 ? q[i] & 15 : (q[i] & 15) << 4);
      qh[32 * half + l] |= (byte) ((q[i] >> 4) << (2 * quarter));
    }
    out.put(ql);
    out.put(qh);
    for (int s : sc) {
      out.put((byte) s);
    }
    putHalf(out, d);
  }

  /** Q3_K: hmask[32], qs[64], 12 packed scale bytes, d. */
  private static void q3K(ByteBuffer out, float[] expected, int e0, Random r) {
    float d = half(r, 0.01f);
    int[] sc = new int[16];
    for (int j = 0; j < 16; j++) {
      sc[j] = r.nextInt(64);
    }
    byte[] hmask = new byte[32];
    byte[] qs = new byte[64];
    for (int i = 0; i < 256; i++) {
      int q = r.nextInt(8); // stored value; decodes to q - 4
      expected[e0 + i] = d * (sc[i / 16] - 32) * (q - 4);
      int half = i / 128;
      int group = (i % 128) / 32;
      int l = i % 32;
      qs[32 * half + l] |= (byte) ((q & 3) << (2 * group));
      hmask[l] |= (byte) ((q >> 2) << (4 * half + group));
    }
    byte[] packed = new byte[12];
    for (int j = 0; j < 16; j++) {
      if (j < 8) {
        packed[j] |= (byte) (sc[j] & 15);
      } else {
        packed[j - 8] |= (byte) ((sc[j] & 15) << 4);
      }
      packed[8 + j % 4] |= (byte) ((sc[j] >> 4) << (2 * (j / 4)));
    }
    out.put(hmask);
    out.put(qs);
    out.put(packed);
    putHalf(out, d);
  }

  /** Q2_K: scales[16] (scale | min << 4), qs[64], d, dmin. */
  private static void q2K(ByteBuffer out, float[] expected, int e0, Random r) {
    float d = half(r, 0.02f);
    float dmin = half(r, 0.02f);
    int[] sc = new int[16];
    int[] mn = new int[16];
    byte[] qs = new byte[64];
    for (int j = 0; j < 16; j++) {
      sc[j] = r.nextInt(16);
      mn[j] = r.nextInt(16);
      out.put((byte) (sc[j] | mn[j] << 4));
    }
    for (int i = 0; i < 256; i++) {
      int q = r.nextInt(4);
      expected[e0 + i] = d * sc[i / 16] * q - dmin * mn[i / 16];
      int half = i / 128;
      int group = (i % 128) / 32;
      qs[32 * half + i % 32] |= (byte) (q << (2 * group));
    }
    out.put(qs);
    putHalf(out, d);
    putHalf(out, dmin);
  }

  /** Q4_1 (4 bits, offset), Q5_0 (5 bits, centred at 16), Q5_1 (5 bits, offset). */
  private static void legacy(
      ByteBuffer out, float[] expected, int e0, Random r, int bits, boolean offset) {
    float d = half(r, 0.05f);
    float m = offset ? -half(r, 0.5f) : 0f;
    int[] q = new int[32];
    int qh = 0;
    for (int j = 0; j < 32; j++) {
      q[j] = r.nextInt(1 << bits);
      expected[e0 + j] = offset ? q[j] * d + m : (q[j] - 16) * d;
      qh |= (q[j] >> 4) << j;
    }
    putHalf(out, d);
    if (offset) {
      putHalf(out, m);
    }
    if (bits == 5) {
      out.putInt(qh);
    }
    for (int j = 0; j < 16; j++) {
      out.put((byte) ((q[j] & 15) | (q[j + 16] & 15) << 4));
    }
  }
}
