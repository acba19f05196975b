package dev.rag.llm.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.llm.testing.SharedModels;
import dev.rag.llm.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufFileTest {
  @TempDir Path tmp;

  @Test
  void readsVersion3HeaderMetadataAndTensorIndexOfStories260K() throws Exception {
    try (GgufFile f = GgufFile.open(SharedModels.storiesF32())) {
      assertThat(f.version()).isEqualTo(3);
      assertThat(f.tensors()).hasSize(48);
      assertThat(f.metadata().keys()).hasSize(19);
      assertThat(f.metadata().getString("general.architecture")).isEqualTo("llama");
      assertThat(f.metadata().getInt("llama.attention.head_count_kv")).isEqualTo(4);
      assertThat(f.metadata().getStringArray("tokenizer.ggml.tokens")).hasSize(512);
      assertThat(f.alignment()).isEqualTo(32);
      assertThat(f.dataOffset()).isEqualTo(14176);
      GgufTensorInfo q = f.tensor("blk.0.attn_q.weight");
      assertThat(q.type()).isEqualTo(GgmlType.F32);
      assertThat(q.shape()).containsExactly(64, 64);
    }
  }

  @Test
  void readsVersion2FileWithQ8Tensors() throws Exception {
    try (GgufFile f = GgufFile.open(SharedModels.storiesQ8())) {
      assertThat(f.version()).isEqualTo(2);
      assertThat(f.tensor("blk.0.ffn_down.weight").type()).isEqualTo(GgmlType.Q8_0);
      assertThat(f.tensors().values().stream().filter(t -> t.type() == GgmlType.Q8_0)).hasSize(37);
    }
  }

  @Test
  void roundTripsWriterOutputWithCustomAlignment() throws Exception {
    Path p = tmp.resolve("a.gguf");
    new GgufWriter(3, 64)
        .put("k.int", 7)
        .put("k.str", "héllo")
        .put("k.floats", new float[] {1f, 2.5f})
        .put("k.bool", true)
        .put("k.long", 5L)
        .addTensor("t0", GgmlType.F32, new long[] {3}, os -> os.write(new byte[12]))
        .addTensor("t1", GgmlType.F32, new long[] {2, 2}, os -> os.write(new byte[16]))
        .write(p);
    try (GgufFile f = GgufFile.open(p)) {
      assertThat(f.alignment()).isEqualTo(64);
      assertThat(f.dataOffset() % 64).isZero();
      assertThat(f.tensor("t1").offset()).isEqualTo(64);
      assertThat(f.metadata().getInt("k.int")).isEqualTo(7);
      assertThat(f.metadata().getString("k.str")).isEqualTo("héllo");
      assertThat(f.metadata().findFloatArray("k.floats").orElseThrow()).containsExactly(1f, 2.5f);
      assertThat(f.metadata().get("k.bool")).contains(true);
      assertThat(f.metadata().getLong("k.long")).isEqualTo(5L);
    }
  }

  @Test
  void rejectsTruncatedFileNamingTheProblem() throws Exception {
    byte[] all = Files.readAllBytes(SharedModels.storiesF32());
    for (int cut : new int[] {3, 20, 5000, all.length - 10}) {
      Path p = tmp.resolve("cut" + cut + ".gguf");
      Files.write(p, Arrays.copyOf(all, cut));
      assertThatThrownBy(() -> GgufFile.open(p))
          .isInstanceOf(GgufFormatException.class)
          .hasMessageMatching("(?s).*(truncated|not a GGUF).*");
    }
  }

  @Test
  void rejectsNonGgufFile() throws Exception {
    Path p = tmp.resolve("x.gguf");
    Files.writeString(p, "this is not a model file at all");
    assertThatThrownBy(() -> GgufFile.open(p))
        .isInstanceOf(GgufFormatException.class)
        .hasMessageContaining("not a GGUF file");
  }

  @Test
  void rejectsUnsupportedVersion() throws Exception {
    byte[] all = Files.readAllBytes(SharedModels.storiesF32());
    all[4] = 1; // version field
    Path p = tmp.resolve("v1.gguf");
    Files.write(p, all);
    assertThatThrownBy(() -> GgufFile.open(p))
        .isInstanceOf(GgufFormatException.class)
        .hasMessageContaining("version 1")
        .hasMessageContaining("2 and 3");
  }

  @Test
  void rejectsAbsurdCountsInsteadOfAllocating() throws Exception {
    byte[] all = Files.readAllBytes(SharedModels.storiesF32());
    all[15] = 0x7f; // tensor count becomes huge
    Path p = tmp.resolve("huge.gguf");
    Files.write(p, all);
    assertThatThrownBy(() -> GgufFile.open(p))
        .isInstanceOf(GgufFormatException.class)
        .hasMessageContaining("tensor count");
  }

  @Test
  void tensorDataIsASliceOfTheMappingNotAHeapCopy() throws Exception {
    Path p =
        TinyModels.write(
            TinyModels.llama("llama", 32, 1, 4, 2, 64, 64, GgmlType.F32, 1), tmp, "m.gguf");
    try (GgufFile f = GgufFile.open(p)) {
      assertThat(f.tensorData(f.tensor("token_embd.weight")).isNative()).isTrue();
      assertThat(f.tensorData(f.tensor("token_embd.weight")).isMapped()).isTrue();
    }
  }
}
