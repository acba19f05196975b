package dev.rag.llm.ort;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.llm.cli.GenerateCommand;
import dev.rag.llm.testing.SharedModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code rag generate --backend onnxruntime}: the runtime's CLI finds this module's backend on the
 * class path.
 */
class GenerateOnOrtTest {

  @Test
  void generateWithTheOnnxRuntimeBackendPrintsTheLlama2cText() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        GenerateCommand.run(
            new String[] {
              "--model",
              SharedModels.storiesF32().toString(),
              "--prompt",
              "",
              "-n",
              "200",
              "--temp",
              "0",
              "--backend",
              "onnxruntime",
              "--device",
              "cpu",
              "--threads",
              "2"
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(SharedModels.expected("expected_llama2c_test_all_n200.txt") + "\n");
  }
}
