package dev.rag.llm.ort.capi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.rag.onnx.GraphBuilder;
import dev.rag.onnx.TensorData;
import dev.rag.onnx.ValueInfo;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The C API binding on the CPU: tensors over our memory, bound once, read and written in place
 * across runs.
 */
class IoBindingTest {
  static final long[] SHAPE = {2, 3};

  /** y = x + state, z = x * 2. */
  static byte[] model() {
    GraphBuilder g = new GraphBuilder("binding_test");
    List<Object> dims = List.of(2L, 3L);
    g.input(new ValueInfo("x", TensorData.FLOAT, dims));
    g.input(new ValueInfo("state", TensorData.FLOAT, dims));
    g.output(new ValueInfo("y", TensorData.FLOAT, dims));
    g.output(new ValueInfo("z", TensorData.FLOAT, dims));
    g.op("Add", List.of("x", "state"), "y");
    g.op("Mul", List.of("x", g.floats("two", new long[0], 2f)), "z");
    return g.toModelBytes("test");
  }

  @Test
  void boundTensorsAreReadAndWrittenInPlaceAcrossRuns() {
    try (Arena arena = Arena.ofConfined();
        NativeSession session = NativeSession.open(model(), 1);
        MemoryPlace cpu = MemoryPlace.cpu();
        IoBinding binding = new IoBinding(session)) {
      MemorySegment x = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1, 2, 3, 4, 5, 6);
      MemorySegment state = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 10, 20, 30, 40, 50, 60);
      MemorySegment y = arena.allocate(ValueLayout.JAVA_FLOAT, 6);
      try (NativeTensor xt = NativeTensor.wrap(cpu, x, SHAPE, ElementType.FLOAT);
          NativeTensor st = NativeTensor.wrap(cpu, state, SHAPE, ElementType.FLOAT);
          NativeTensor yt = NativeTensor.wrap(cpu, y, SHAPE, ElementType.FLOAT)) {
        binding.bindInput("x", xt);
        binding.bindInput("state", st);
        binding.bindOutput("y", yt);
        binding.bindOutput("z", cpu);

        binding.run();
        assertThat(y.toArray(ValueLayout.JAVA_FLOAT)).containsExactly(11, 22, 33, 44, 55, 66);
        List<NativeTensor> outputs = binding.outputs(ElementType.FLOAT);
        assertThat(outputs).hasSize(2);
        assertThat(outputs.get(1).elementCount()).isEqualTo(6);
        assertThat(outputs.get(1).data().toArray(ValueLayout.JAVA_FLOAT))
            .containsExactly(2, 4, 6, 8, 10, 12);
        outputs.forEach(NativeTensor::close);

        // Change the bound memory only: the next run sees it without binding again.
        x.setAtIndex(ValueLayout.JAVA_FLOAT, 0, 100f);
        state.setAtIndex(ValueLayout.JAVA_FLOAT, 5, -6f);
        binding.run();
        assertThat(y.toArray(ValueLayout.JAVA_FLOAT)).containsExactly(110, 22, 33, 44, 55, 0);
      }
    }
  }

  @Test
  void aRunWithAnInputMissingFailsWithOnnxRuntimesMessage() {
    try (Arena arena = Arena.ofConfined();
        NativeSession session = NativeSession.open(model(), 1);
        MemoryPlace cpu = MemoryPlace.cpu();
        IoBinding binding = new IoBinding(session);
        NativeTensor xt =
            NativeTensor.wrap(
                cpu, arena.allocate(ValueLayout.JAVA_FLOAT, 6), SHAPE, ElementType.FLOAT)) {
      binding.bindInput("x", xt);
      binding.bindOutput("y", cpu);
      assertThatThrownBy(binding::run)
          .isInstanceOf(OrtStatusException.class)
          .hasMessageStartingWith("RunWithBinding failed: ")
          .hasMessageContaining("state");
    }
  }

  @Test
  void cudaOnTheCpuArtifactFailsWithOnnxRuntimesMessage() {
    assumeFalse(
        OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
        "this build carries onnxruntime_gpu");
    assertThatThrownBy(() -> NativeSession.openCuda(model(), 1, 0))
        .isInstanceOf(OrtStatusException.class)
        .hasMessageContaining("CUDA");
  }

  @Test
  void wrappingRejectsMemoryOfTheWrongSize() {
    try (Arena arena = Arena.ofConfined();
        MemoryPlace cpu = MemoryPlace.cpu()) {
      assertThatThrownBy(() -> NativeTensor.wrap(cpu, arena.allocate(20), SHAPE, ElementType.FLOAT))
          .hasMessage("shape needs 24 bytes, data has 20");
    }
  }
}
