package dev.rag.llm.ort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.ort.graph.NBitsWeight;
import dev.rag.llm.tensor.quant.Q4_0Tensor;
import dev.rag.llm.tensor.quant.Q8_0Tensor;
import dev.rag.llm.tensor.quant.Quantizer;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** GGUF blocks repacked for MatMulNBits decode to exactly the values the Java kernels use. */
class NBitsWeightTest {
  static final int ROWS = 3;
  static final int COLS = 64;

  @Test
  void q4_0RepackKeepsEveryValue() {
    Q4_0Tensor t = new Q4_0Tensor(quantized(GgmlType.Q4_0), (long) ROWS * COLS);
    NBitsWeight w = NBitsWeight.fromQ4_0(t, ROWS, COLS);
    assertThat(w.bits()).isEqualTo(4);
    assertThat(w.codes()).hasSize(ROWS * 2 * 16);
    for (int r = 0; r < ROWS; r++) {
      for (int c = 0; c < COLS; c++) {
        assertThat(w.get(r, c)).as("(%d, %d)", r, c).isEqualTo(t.get((long) r * COLS + c));
      }
    }
  }

  @Test
  void q8_0RepackKeepsEveryValue() {
    Q8_0Tensor t = new Q8_0Tensor(quantized(GgmlType.Q8_0), (long) ROWS * COLS);
    NBitsWeight w = NBitsWeight.fromQ8_0(t, ROWS, COLS);
    assertThat(w.bits()).isEqualTo(8);
    for (int r = 0; r < ROWS; r++) {
      for (int c = 0; c < COLS; c++) {
        assertThat(w.get(r, c)).as("(%d, %d)", r, c).isEqualTo(t.get((long) r * COLS + c));
      }
    }
  }

  @Test
  void rowsThatSplitABlockAreRejected() {
    Q8_0Tensor t = new Q8_0Tensor(MemorySegment.ofArray(new byte[34 * 3]), 96);
    assertThatThrownBy(() -> NBitsWeight.fromQ8_0(t, 2, 48)).hasMessageContaining("cols 48");
  }

  private static MemorySegment quantized(GgmlType type) {
    Random rnd = new Random(7);
    int blocks = ROWS * COLS / 32;
    MemorySegment seg = MemorySegment.ofArray(new byte[blocks * type.typeSize()]);
    float[] block = new float[32];
    for (int b = 0; b < blocks; b++) {
      for (int i = 0; i < 32; i++) {
        block[i] = (float) rnd.nextGaussian();
      }
      if (type == GgmlType.Q8_0) {
        Quantizer.writeQ8Block(block, seg, (long) b * type.typeSize());
      } else {
        Quantizer.writeQ4Block(block, seg, (long) b * type.typeSize());
      }
    }
    return seg;
  }
}
