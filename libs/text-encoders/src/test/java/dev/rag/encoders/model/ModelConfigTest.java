package dev.rag.encoders.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ModelConfigTest {

  @Test
  void readsMaxPositionsAndHiddenSize() {
    ModelConfig config =
        ModelConfig.parse("{\"hidden_size\": 384, \"max_position_embeddings\":512, \"x\": 1}");
    assertThat(config.maxPositionEmbeddings()).isEqualTo(512);
    assertThat(config.hiddenSize()).hasValue(384);
  }

  @Test
  void fallsBackTo512WithoutTheField() {
    assertThat(ModelConfig.parse("{}")).isEqualTo(new ModelConfig(512, OptionalInt.empty()));
  }

  @Test
  void rejectsImpossiblePositions() {
    assertThatThrownBy(() -> new ModelConfig(2, OptionalInt.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPositionEmbeddings 2");
  }
}
