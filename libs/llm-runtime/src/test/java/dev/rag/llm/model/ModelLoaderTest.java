package dev.rag.llm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.llm.engine.LoadedModel;
import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.testing.SharedModels;
import dev.rag.llm.testing.TinyModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoaderTest {
  @TempDir Path tmp;

  @Test
  void readsStories260KConfig() throws Exception {
    try (LoadedModel m = LoadedModel.load(SharedModels.storiesF32(), null)) {
      ModelConfig c = m.config();
      assertThat(c.dim()).isEqualTo(64);
      assertThat(c.layers()).isEqualTo(5);
      assertThat(c.heads()).isEqualTo(8);
      assertThat(c.kvHeads()).isEqualTo(4);
      assertThat(c.ffnDim()).isEqualTo(172);
      assertThat(c.vocabSize()).isEqualTo(512);
      assertThat(c.ropeType()).isEqualTo(RopeType.NORMAL);
      assertThat(c.kvBytesPerToken()).isEqualTo(2L * 5 * 32 * 4);
    }
  }

  @Test
  void quantizeOnLoadKeepsRowsThatAreNotAMultipleOfTheBlockSize() throws Exception {
    try (LoadedModel m = LoadedModel.load(SharedModels.storiesF32(), GgmlType.Q4_0)) {
      assertThat(m.weights().layers()[0].wq().type()).isEqualTo(GgmlType.Q4_0);
      assertThat(m.weights().layers()[0].down().type()).isEqualTo(GgmlType.F32); // rows of 172
      assertThat(m.weights().output().type()).isEqualTo(GgmlType.Q4_0);
    }
  }

  @Test
  void q8FileWithFlatBlockingLoadsItsRowsAcrossBlockBoundaries() throws Exception {
    try (LoadedModel q8 = LoadedModel.load(SharedModels.storiesQ8(), null);
        LoadedModel f32 = LoadedModel.load(SharedModels.storiesF32(), null)) {
      var down = q8.weights().layers()[0].down();
      assertThat(down.type()).isEqualTo(GgmlType.Q8_0);
      var ref = f32.weights().layers()[0].down();
      // Row 1 starts at element 172, inside the 6th block.
      for (long i = 172; i < 344; i++) {
        assertThat(down.get(i))
            .isCloseTo(ref.get(i), org.assertj.core.api.Assertions.within(0.02f));
      }
    }
  }

  @Test
  void unsupportedArchitectureIsNamed() throws Exception {
    Path p =
        TinyModels.write(
            TinyModels.llama("gptneox", 32, 1, 4, 2, 64, 64, GgmlType.F32, 1), tmp, "a.gguf");
    assertThatThrownBy(() -> LoadedModel.load(p, null))
        .isInstanceOf(UnsupportedModelException.class)
        .hasMessageContaining("unsupported architecture 'gptneox'")
        .hasMessageContaining("llama, mistral, qwen2");
  }

  @Test
  void unsupportedTensorTypeIsNamed() throws Exception {
    Path p =
        TinyModels.write(
            TinyModels.llama("llama", 256, 1, 4, 2, 256, 64, GgmlType.IQ4_XS, 1), tmp, "k.gguf");
    assertThatThrownBy(() -> LoadedModel.load(p, null))
        .isInstanceOf(UnsupportedModelException.class)
        .hasMessageContaining("blk.0.attn_q.weight has type IQ4_XS")
        .hasMessageContaining("Q4_K");
  }

  @Test
  void tinyGqaModelWithKvHeadsDividingHeadsRuns() throws Exception {
    Path p =
        TinyModels.write(
            TinyModels.llama("mistral", 48, 2, 6, 3, 64, 64, GgmlType.F32, 5), tmp, "g.gguf");
    try (LoadedModel m = LoadedModel.load(p, null)) {
      assertThat(m.config().kvHeads()).isEqualTo(3);
      assertThat(LlamaForwardTest.greedy(m, 10)).hasSize(10);
    }
  }

  @Test
  void configRejectsKvHeadsThatDoNotDivideHeads() {
    assertThatThrownBy(
            () ->
                new ModelConfig(
                    "llama", 64, 1, 8, 3, 8, 64, 10, 16, 1e-5f, 1e4f, 8, RopeType.NORMAL, false))
        .hasMessageContaining("n_kv_heads 3 must divide n_heads 8");
  }
}
