package dev.rag.generation.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.generation.config.GenerationProperties.Speculation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SpeculationPropertiesTest {

  @Test
  void draftModeNamesTheMissingDraftModelProperty() {
    assertThatThrownBy(() -> new Speculation(Speculation.Mode.DRAFT, 4, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rag.generation.speculation.draft-model");
    assertThat(new Speculation(Speculation.Mode.DRAFT, 4, Path.of("d.gguf")).draftModel())
        .isEqualTo(Path.of("d.gguf"));
    assertThat(new Speculation(Speculation.Mode.LOOKUP, 4, null).mode())
        .isEqualTo(Speculation.Mode.LOOKUP);
  }
}
