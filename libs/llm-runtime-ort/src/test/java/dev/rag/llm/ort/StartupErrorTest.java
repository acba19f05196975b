package dev.rag.llm.ort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import dev.rag.llm.engine.LoadedModel;
import dev.rag.llm.testing.SharedModels;
import org.junit.jupiter.api.Test;

class StartupErrorTest {

  @Test
  void cudaWithTheCpuArtifactNamesTheMissingProviderAndTheProfile() throws Exception {
    assumeFalse(
        OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
        "this build carries onnxruntime_gpu; the GPU session checks CUDA start-up");
    try (LoadedModel m = LoadedModel.load(SharedModels.storiesF32(), null)) {
      assertThatThrownBy(() -> OrtBackend.create(m.config(), m.weights(), OrtDevice.CUDA, 1))
          .isInstanceOf(OrtUnavailableException.class)
          .hasMessageContaining("no CUDA execution provider")
          .hasMessageContaining("-Pcuda");
    }
  }

  @Test
  void aMissingKernelIsNamedWithTheVersionAndDevice() {
    OrtException missing =
        new OrtException(
            "Could not find an implementation for PagedAttention(1) node with "
                + "name 'n12_PagedAttention'");
    assertThat(OrtBackend.explain(missing, OrtEnvironment.getEnvironment(), OrtDevice.CPU))
        .startsWith("ONNX Runtime 1.29.0 has no CPU kernel for operator PagedAttention (opset 1)");
  }

  @Test
  void devicesParseCaseInsensitivelyAndRejectOthers() {
    assertThat(OrtDevice.parse("CUDA")).isEqualTo(OrtDevice.CUDA);
    assertThatThrownBy(() -> OrtDevice.parse("rocm"))
        .hasMessageContaining("'rocm' must be cpu or cuda");
  }
}
