package dev.rag.llm.ort.capi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * ONNX Runtime's I/O binding ({@code OrtIoBinding}): inputs and outputs are bound once to tensors
 * (or outputs to a memory place) and stay bound across runs, so a run moves no data the caller did
 * not change. On CUDA this is what keeps the K/V blocks in GPU memory between steps.
 */
public final class IoBinding implements AutoCloseable {
  private final NativeSession session;
  private final MemorySegment binding;

  public IoBinding(NativeSession session) {
    this.session = session;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      OrtC.check(
          "CreateIoBinding",
          (MemorySegment) OrtC.CREATE_IO_BINDING.invokeExact(session.pointer(), out));
      this.binding = out.get(ValueLayout.ADDRESS, 0);
    } catch (Throwable t) {
      throw OrtC.rethrow("CreateIoBinding", t);
    }
  }

  public void bindInput(String name, NativeTensor tensor) {
    try (Arena arena = Arena.ofConfined()) {
      OrtC.check(
          "BindInput(" + name + ")",
          (MemorySegment)
              OrtC.BIND_INPUT.invokeExact(binding, arena.allocateFrom(name), tensor.pointer()));
    } catch (Throwable t) {
      throw OrtC.rethrow("BindInput", t);
    }
  }

  /** Binds an output to caller-owned memory: the run writes the result there. */
  public void bindOutput(String name, NativeTensor tensor) {
    try (Arena arena = Arena.ofConfined()) {
      OrtC.check(
          "BindOutput(" + name + ")",
          (MemorySegment)
              OrtC.BIND_OUTPUT.invokeExact(binding, arena.allocateFrom(name), tensor.pointer()));
    } catch (Throwable t) {
      throw OrtC.rethrow("BindOutput", t);
    }
  }

  /**
   * Binds an output to a memory place: ONNX Runtime allocates it there; read it with {@link
   * #outputs()}.
   */
  public void bindOutput(String name, MemoryPlace place) {
    try (Arena arena = Arena.ofConfined()) {
      OrtC.check(
          "BindOutputToDevice(" + name + ")",
          (MemorySegment)
              OrtC.BIND_OUTPUT_TO_DEVICE.invokeExact(
                  binding, arena.allocateFrom(name), place.pointer()));
    } catch (Throwable t) {
      throw OrtC.rethrow("BindOutputToDevice", t);
    }
  }

  public void run() {
    try {
      OrtC.check(
          "RunWithBinding",
          (MemorySegment)
              OrtC.RUN_WITH_BINDING.invokeExact(session.pointer(), MemorySegment.NULL, binding));
    } catch (Throwable t) {
      throw OrtC.rethrow("RunWithBinding", t);
    }
  }

  /**
   * The bound outputs in binding order, after a run; the caller closes them.
   *
   * @param type element type of the outputs (all outputs read this way must share it)
   */
  public List<NativeTensor> outputs(ElementType type) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment allocatorOut = arena.allocate(ValueLayout.ADDRESS);
      OrtC.check(
          "GetAllocatorWithDefaultOptions",
          (MemorySegment) OrtC.GET_ALLOCATOR_WITH_DEFAULT_OPTIONS.invokeExact(allocatorOut));
      MemorySegment allocator = allocatorOut.get(ValueLayout.ADDRESS, 0);
      MemorySegment values = arena.allocate(ValueLayout.ADDRESS);
      MemorySegment count = arena.allocate(ValueLayout.JAVA_LONG);
      OrtC.check(
          "GetBoundOutputValues",
          (MemorySegment)
              OrtC.GET_BOUND_OUTPUT_VALUES.invokeExact(binding, allocator, values, count));
      long n = count.get(ValueLayout.JAVA_LONG, 0);
      MemorySegment array = values.get(ValueLayout.ADDRESS, 0);
      List<NativeTensor> result = new ArrayList<>();
      if (n > 0) {
        MemorySegment pointers = array.reinterpret(n * ValueLayout.ADDRESS.byteSize());
        for (long i = 0; i < n; i++) {
          result.add(NativeTensor.owned(pointers.getAtIndex(ValueLayout.ADDRESS, i), type));
        }
        OrtC.check(
            "AllocatorFree", (MemorySegment) OrtC.ALLOCATOR_FREE.invokeExact(allocator, array));
      }
      return result;
    } catch (Throwable t) {
      throw OrtC.rethrow("GetBoundOutputValues", t);
    }
  }

  @Override
  public void close() {
    OrtC.release(OrtC.RELEASE_IO_BINDING, binding);
  }
}
