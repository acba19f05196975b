package dev.rag.llm.ort.capi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An ONNX Runtime session opened through the C API (the Java API's sessions cannot be used with I/O
 * binding), on the CPU provider or with the CUDA provider appended (nodes it has no kernel for fall
 * back to the CPU).
 */
public final class NativeSession implements AutoCloseable {
  /** OrtLoggingLevel: ORT_LOGGING_LEVEL_WARNING = 2. */
  private static final int LOG_WARNING = 2;

  private final MemorySegment env;
  private final MemorySegment options;
  private final MemorySegment session;

  private NativeSession(MemorySegment env, MemorySegment options, MemorySegment session) {
    this.env = env;
    this.options = options;
    this.session = session;
  }

  /**
   * Opens {@code model} (a serialised ModelProto) on the CPU with {@code threads} intra-op threads.
   */
  public static NativeSession open(byte[] model, int threads) {
    return open(model, threads, -1);
  }

  /**
   * Opens {@code model} with the CUDA execution provider on device {@code deviceId}. On an ONNX
   * Runtime without CUDA (the default CPU artifact) this fails with ONNX Runtime's message.
   * Untested on a GPU so far.
   */
  public static NativeSession openCuda(byte[] model, int threads, int deviceId) {
    if (deviceId < 0) {
      throw new IllegalArgumentException("deviceId " + deviceId + " must be >= 0");
    }
    return open(model, threads, deviceId);
  }

  private static NativeSession open(byte[] model, int threads, int cudaDevice) {
    if (threads <= 0) {
      throw new IllegalArgumentException("threads " + threads + " must be > 0");
    }
    MemorySegment env = MemorySegment.NULL;
    MemorySegment options = MemorySegment.NULL;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      OrtC.check(
          "CreateEnv",
          (MemorySegment)
              OrtC.CREATE_ENV.invokeExact(LOG_WARNING, arena.allocateFrom("dev.rag.capi"), out));
      env = out.get(ValueLayout.ADDRESS, 0);
      OrtC.check(
          "CreateSessionOptions", (MemorySegment) OrtC.CREATE_SESSION_OPTIONS.invokeExact(out));
      options = out.get(ValueLayout.ADDRESS, 0);
      OrtC.check(
          "SetIntraOpNumThreads",
          (MemorySegment) OrtC.SET_INTRA_OP_NUM_THREADS.invokeExact(options, threads));
      if (cudaDevice >= 0) {
        appendCuda(arena, options, cudaDevice);
      }
      MemorySegment bytes = arena.allocateFrom(ValueLayout.JAVA_BYTE, model);
      OrtC.check(
          "CreateSessionFromArray",
          (MemorySegment)
              OrtC.CREATE_SESSION_FROM_ARRAY.invokeExact(
                  env, bytes, (long) model.length, options, out));
      return new NativeSession(env, options, out.get(ValueLayout.ADDRESS, 0));
    } catch (Throwable t) {
      if (!options.equals(MemorySegment.NULL)) {
        OrtC.release(OrtC.RELEASE_SESSION_OPTIONS, options);
      }
      if (!env.equals(MemorySegment.NULL)) {
        OrtC.release(OrtC.RELEASE_ENV, env);
      }
      throw OrtC.rethrow("opening a session", t);
    }
  }

  private static void appendCuda(Arena arena, MemorySegment options, int deviceId)
      throws Throwable {
    MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
    OrtC.check(
        "CreateCUDAProviderOptions",
        (MemorySegment) OrtC.CREATE_CUDA_PROVIDER_OPTIONS.invokeExact(out));
    MemorySegment cuda = out.get(ValueLayout.ADDRESS, 0);
    try {
      MemorySegment keys = arena.allocate(ValueLayout.ADDRESS, 1);
      MemorySegment values = arena.allocate(ValueLayout.ADDRESS, 1);
      keys.setAtIndex(ValueLayout.ADDRESS, 0, arena.allocateFrom("device_id"));
      values.setAtIndex(ValueLayout.ADDRESS, 0, arena.allocateFrom(Integer.toString(deviceId)));
      OrtC.check(
          "UpdateCUDAProviderOptions",
          (MemorySegment) OrtC.UPDATE_CUDA_PROVIDER_OPTIONS.invokeExact(cuda, keys, values, 1L));
      OrtC.check(
          "SessionOptionsAppendExecutionProvider_CUDA_V2",
          (MemorySegment) OrtC.SESSION_OPTIONS_APPEND_CUDA_V2.invokeExact(options, cuda));
    } finally {
      OrtC.release(OrtC.RELEASE_CUDA_PROVIDER_OPTIONS, cuda);
    }
  }

  MemorySegment pointer() {
    return session;
  }

  @Override
  public void close() {
    OrtC.release(OrtC.RELEASE_SESSION, session);
    OrtC.release(OrtC.RELEASE_SESSION_OPTIONS, options);
    OrtC.release(OrtC.RELEASE_ENV, env);
  }
}
