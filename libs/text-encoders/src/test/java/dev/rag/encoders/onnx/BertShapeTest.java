package dev.rag.encoders.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BertShapeTest {

  @Test
  void miniLmL6HasTheCrossEncoderDimensions() {
    BertShape s = BertShape.miniLmL6();
    assertThat(s).isEqualTo(new BertShape(30_522, 384, 6, 12, 1536, 512));
    assertThat(s.headSize()).isEqualTo(32);
  }

  @Test
  void rejectsHiddenNotDivisibleByHeads() {
    assertThatThrownBy(() -> new BertShape(100, 30, 1, 4, 8, 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hidden 30 must be a multiple of heads 4");
  }

  @Test
  void sameSeedGivesSameWeightsAndOtherSeedDiffers() {
    BertShape s = new BertShape(50, 8, 1, 2, 16, 8);
    assertThat(BertWeights.random(s, 1).wordEmbeddings())
        .containsExactly(BertWeights.random(s, 1).wordEmbeddings());
    assertThat(BertWeights.random(s, 1).wordEmbeddings())
        .isNotEqualTo(BertWeights.random(s, 2).wordEmbeddings());
  }

  @Test
  void referenceErfMatchesKnownValues() {
    assertThat(ReferenceBert.erf(0.5))
        .isCloseTo(0.5204998778130465, org.assertj.core.api.Assertions.within(1e-13));
    assertThat(ReferenceBert.erf(-2.0))
        .isCloseTo(-0.9953222650189527, org.assertj.core.api.Assertions.within(1e-13));
  }
}
