package dev.rag.encoders.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.encoders.onnx.BertShape;
import dev.rag.encoders.onnx.CrossEncoderModelWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncoderModelTest {

  @TempDir Path dir;

  @Test
  void loadsModelDirectoryWithLimitFromConfigJson() throws Exception {
    CrossEncoderModelWriter.write(
        dir, new BertShape(CrossEncoderModelWriter.builtInVocabularySize(), 16, 1, 2, 32, 40), 7L);
    try (EncoderModel model = EncoderModel.load("tiny", dir, new EncoderOptions(1, 0))) {
      assertThat(model.modelId()).isEqualTo("tiny");
      assertThat(model.maxLength()).isEqualTo(40);
      assertThat(model.usesTokenTypeIds()).isTrue();
      assertThat(model.outputName()).isEqualTo("logits");
      assertThat(model.outputWidth()).hasValue(1);
    }
    try (EncoderModel capped = EncoderModel.load("tiny", dir, new EncoderOptions(1, 16))) {
      assertThat(capped.maxLength()).isEqualTo(16);
    }
  }

  @Test
  void rejectsDirectoryWithoutModel() {
    assertThatThrownBy(() -> EncoderModel.load("x", dir, EncoderOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no model.onnx");
  }

  @Test
  void rejectsOptionsOutsideAllowedRange() {
    assertThatThrownBy(() -> new EncoderOptions(0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("intraOpThreads 0 must be in [1, 1024]");
    assertThatThrownBy(() -> new EncoderOptions(1, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxLength 3");
  }
}
