package dev.rag.llm.ort.capi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Where a tensor's memory lives ({@code OrtMemoryInfo}): host memory, or a CUDA device's memory.
 * Bound outputs are allocated there by ONNX Runtime, so device-resident state never crosses the
 * bus.
 */
public final class MemoryPlace implements AutoCloseable {
  /** OrtAllocatorType: OrtDeviceAllocator = 0, OrtArenaAllocator = 1. */
  private static final int ARENA_ALLOCATOR = 1;

  private static final int DEVICE_ALLOCATOR = 0;

  /** OrtMemType: OrtMemTypeDefault = 0 (the device's own memory). */
  private static final int MEM_TYPE_DEFAULT = 0;

  private final MemorySegment info;
  private final String name;

  private MemoryPlace(MemorySegment info, String name) {
    this.info = info;
    this.name = name;
  }

  /** Host memory (ONNX Runtime's CPU arena). */
  public static MemoryPlace cpu() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      OrtC.check(
          "CreateCpuMemoryInfo",
          (MemorySegment)
              OrtC.CREATE_CPU_MEMORY_INFO.invokeExact(ARENA_ALLOCATOR, MEM_TYPE_DEFAULT, out));
      return new MemoryPlace(out.get(ValueLayout.ADDRESS, 0), "Cpu");
    } catch (Throwable t) {
      throw OrtC.rethrow("CreateCpuMemoryInfo", t);
    }
  }

  /**
   * Memory of CUDA device {@code deviceId}, allocated by the CUDA execution provider's allocator.
   * Untested on a GPU so far (needs onnxruntime_gpu and a session with the CUDA provider).
   */
  public static MemoryPlace cuda(int deviceId) {
    if (deviceId < 0) {
      throw new IllegalArgumentException("deviceId " + deviceId + " must be >= 0");
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      OrtC.check(
          "CreateMemoryInfo(Cuda)",
          (MemorySegment)
              OrtC.CREATE_MEMORY_INFO.invokeExact(
                  arena.allocateFrom("Cuda"), DEVICE_ALLOCATOR, deviceId, MEM_TYPE_DEFAULT, out));
      return new MemoryPlace(out.get(ValueLayout.ADDRESS, 0), "Cuda:" + deviceId);
    } catch (Throwable t) {
      throw OrtC.rethrow("CreateMemoryInfo", t);
    }
  }

  MemorySegment pointer() {
    return info;
  }

  @Override
  public String toString() {
    return name;
  }

  @Override
  public void close() {
    OrtC.release(OrtC.RELEASE_MEMORY_INFO, info);
  }
}
