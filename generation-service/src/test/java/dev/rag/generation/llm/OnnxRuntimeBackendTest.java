package dev.rag.generation.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.rag.generation.config.GenerationProperties;
import dev.rag.generation.config.GenerationProperties.Backend;
import dev.rag.generation.config.GenerationProperties.Device;
import dev.rag.generation.testing.ReferenceModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code rag.generation.backend=onnxruntime}: the service's model on ONNX Runtime, and its
 * fallback.
 */
class OnnxRuntimeBackendTest {

  static GenerationProperties properties(Backend backend, Device device, boolean fallback) {
    URI unused = URI.create("http://127.0.0.1:1");
    return GenerationProperties.defaults(ReferenceModel.stories260K(), unused, unused)
        .withBackend(backend, device, fallback);
  }

  static List<Integer> greedy(LanguageModel model, String prompt) {
    return model
        .start(CompletionRequest.greedy(prompt, 30), TextListener.NONE)
        .result()
        .join()
        .tokens();
  }

  @Test
  void onnxRuntimeOnCpuGeneratesWhatTheJavaBackendGenerates() {
    try (LanguageModel java =
            new LanguageModel(
                properties(Backend.JAVA, Device.CPU, false), new SimpleMeterRegistry());
        LanguageModel ort =
            new LanguageModel(
                properties(Backend.ONNXRUNTIME, Device.CPU, false), new SimpleMeterRegistry())) {
      assertThat(ort.backendName()).isEqualTo("onnxruntime-cpu");
      assertThat(java.backendName()).isEqualTo("java");
      assertThat(greedy(ort, "Lily and Tom")).hasSize(30).isEqualTo(greedy(java, "Lily and Tom"));
    }
  }

  @Test
  void cudaWithoutTheGpuBuildFallsBackToJavaOrNamesTheMissingProvider() {
    assumeFalse(
        OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
        "this build carries onnxruntime_gpu; the GPU session checks CUDA start-up");
    try (LanguageModel fallback =
        new LanguageModel(
            properties(Backend.ONNXRUNTIME, Device.CUDA, true), new SimpleMeterRegistry())) {
      assertThat(fallback.available()).isTrue();
      assertThat(fallback.backendName()).isEqualTo("java");
    }
    try (LanguageModel strict =
        new LanguageModel(
            properties(Backend.ONNXRUNTIME, Device.CUDA, false), new SimpleMeterRegistry())) {
      assertThat(strict.available()).isFalse();
      assertThat(strict.unavailableReason())
          .contains("no CUDA execution provider")
          .contains("-Pcuda");
    }
  }
}
