package dev.rag.llm.ort.capi;

import static dev.rag.llm.ort.capi.OrtApiTable.SIZE_T;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The typed downcalls of the binding, one handle per C function used, and the status check every
 * call goes through. Pointers of ONNX Runtime objects travel as {@link MemorySegment}s; the public
 * classes of this package wrap them so callers never see a raw address.
 */
final class OrtC {
  static final MethodHandle GET_ERROR_MESSAGE =
      OrtApiTable.function(OrtApiTable.GET_ERROR_MESSAGE, FunctionDescriptor.of(ADDRESS, ADDRESS));
  static final MethodHandle RELEASE_STATUS =
      OrtApiTable.releaseFunction(OrtApiTable.RELEASE_STATUS);
  // (int severity, const char* logid, OrtEnv** out)
  static final MethodHandle CREATE_ENV =
      OrtApiTable.statusFunction(OrtApiTable.CREATE_ENV, JAVA_INT, ADDRESS, ADDRESS);
  static final MethodHandle RELEASE_ENV = OrtApiTable.releaseFunction(OrtApiTable.RELEASE_ENV);
  // (OrtSessionOptions** out)
  static final MethodHandle CREATE_SESSION_OPTIONS =
      OrtApiTable.statusFunction(OrtApiTable.CREATE_SESSION_OPTIONS, ADDRESS);
  static final MethodHandle SET_INTRA_OP_NUM_THREADS =
      OrtApiTable.statusFunction(OrtApiTable.SET_INTRA_OP_NUM_THREADS, ADDRESS, JAVA_INT);
  static final MethodHandle RELEASE_SESSION_OPTIONS =
      OrtApiTable.releaseFunction(OrtApiTable.RELEASE_SESSION_OPTIONS);
  // (const OrtEnv*, const void* model, size_t length, const OrtSessionOptions*, OrtSession** out)
  static final MethodHandle CREATE_SESSION_FROM_ARRAY =
      OrtApiTable.statusFunction(
          OrtApiTable.CREATE_SESSION_FROM_ARRAY, ADDRESS, ADDRESS, SIZE_T, ADDRESS, ADDRESS);
  static final MethodHandle RELEASE_SESSION =
      OrtApiTable.releaseFunction(OrtApiTable.RELEASE_SESSION);
  // (int allocatorType, int memType, OrtMemoryInfo** out)
  static final MethodHandle CREATE_CPU_MEMORY_INFO =
      OrtApiTable.statusFunction(OrtApiTable.CREATE_CPU_MEMORY_INFO, JAVA_INT, JAVA_INT, ADDRESS);
  // (const char* name, int allocatorType, int deviceId, int memType, OrtMemoryInfo** out)
  static final MethodHandle CREATE_MEMORY_INFO =
      OrtApiTable.statusFunction(
          OrtApiTable.CREATE_MEMORY_INFO, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
  static final MethodHandle RELEASE_MEMORY_INFO =
      OrtApiTable.releaseFunction(OrtApiTable.RELEASE_MEMORY_INFO);
  // (const OrtMemoryInfo*, void* data, size_t bytes, const int64_t* shape, size_t rank, int type,
  // OrtValue** out)
  static final MethodHandle CREATE_TENSOR_WITH_DATA =
      OrtApiTable.statusFunction(
          OrtApiTable.CREATE_TENSOR_WITH_DATA_AS_ORT_VALUE,
          ADDRESS,
          ADDRESS,
          SIZE_T,
          ADDRESS,
          SIZE_T,
          JAVA_INT,
          ADDRESS);
  static final MethodHandle GET_TENSOR_MUTABLE_DATA =
      OrtApiTable.statusFunction(OrtApiTable.GET_TENSOR_MUTABLE_DATA, ADDRESS, ADDRESS);
  static final MethodHandle GET_TENSOR_TYPE_AND_SHAPE =
      OrtApiTable.statusFunction(OrtApiTable.GET_TENSOR_TYPE_AND_SHAPE, ADDRESS, ADDRESS);
  static final MethodHandle GET_TENSOR_SHAPE_ELEMENT_COUNT =
      OrtApiTable.statusFunction(OrtApiTable.GET_TENSOR_SHAPE_ELEMENT_COUNT, ADDRESS, ADDRESS);
  static final MethodHandle RELEASE_TENSOR_TYPE_AND_SHAPE_INFO =
      OrtApiTable.releaseFunction(OrtApiTable.RELEASE_TENSOR_TYPE_AND_SHAPE_INFO);
  static final MethodHandle RELEASE_VALUE = OrtApiTable.releaseFunction(OrtApiTable.RELEASE_VALUE);
  static final MethodHandle GET_ALLOCATOR_WITH_DEFAULT_OPTIONS =
      OrtApiTable.statusFunction(OrtApiTable.GET_ALLOCATOR_WITH_DEFAULT_OPTIONS, ADDRESS);
  static final MethodHandle ALLOCATOR_FREE =
      OrtApiTable.statusFunction(OrtApiTable.ALLOCATOR_FREE, ADDRESS, ADDRESS);
  // (OrtSession*, OrtIoBinding** out)
  static final MethodHandle CREATE_IO_BINDING =
      OrtApiTable.statusFunction(OrtApiTable.CREATE_IO_BINDING, ADDRESS, ADDRESS);
  static final MethodHandle RELEASE_IO_BINDING =
      OrtApiTable.releaseFunction(OrtApiTable.RELEASE_IO_BINDING);
  // (OrtIoBinding*, const char* name, const OrtValue*)
  static final MethodHandle BIND_INPUT =
      OrtApiTable.statusFunction(OrtApiTable.BIND_INPUT, ADDRESS, ADDRESS, ADDRESS);
  static final MethodHandle BIND_OUTPUT =
      OrtApiTable.statusFunction(OrtApiTable.BIND_OUTPUT, ADDRESS, ADDRESS, ADDRESS);
  // (OrtIoBinding*, const char* name, const OrtMemoryInfo*)
  static final MethodHandle BIND_OUTPUT_TO_DEVICE =
      OrtApiTable.statusFunction(OrtApiTable.BIND_OUTPUT_TO_DEVICE, ADDRESS, ADDRESS, ADDRESS);
  // (OrtSession*, const OrtRunOptions* (nullable), const OrtIoBinding*)
  static final MethodHandle RUN_WITH_BINDING =
      OrtApiTable.statusFunction(OrtApiTable.RUN_WITH_BINDING, ADDRESS, ADDRESS, ADDRESS);
  // (const OrtIoBinding*, OrtAllocator*, OrtValue*** values, size_t* count)
  static final MethodHandle GET_BOUND_OUTPUT_VALUES =
      OrtApiTable.statusFunction(
          OrtApiTable.GET_BOUND_OUTPUT_VALUES, ADDRESS, ADDRESS, ADDRESS, ADDRESS);

  // (OrtCUDAProviderOptionsV2** out)
  static final MethodHandle CREATE_CUDA_PROVIDER_OPTIONS =
      OrtApiTable.statusFunction(OrtApiTable.CREATE_CUDA_PROVIDER_OPTIONS, ADDRESS);
  // (OrtCUDAProviderOptionsV2*, const char* const* keys, const char* const* values, size_t count)
  static final MethodHandle UPDATE_CUDA_PROVIDER_OPTIONS =
      OrtApiTable.statusFunction(
          OrtApiTable.UPDATE_CUDA_PROVIDER_OPTIONS, ADDRESS, ADDRESS, ADDRESS, SIZE_T);
  // (OrtSessionOptions*, const OrtCUDAProviderOptionsV2*)
  static final MethodHandle SESSION_OPTIONS_APPEND_CUDA_V2 =
      OrtApiTable.statusFunction(OrtApiTable.SESSION_OPTIONS_APPEND_CUDA_V2, ADDRESS, ADDRESS);
  static final MethodHandle RELEASE_CUDA_PROVIDER_OPTIONS =
      OrtApiTable.releaseFunction(OrtApiTable.RELEASE_CUDA_PROVIDER_OPTIONS);

  private OrtC() {}

  /**
   * Throws {@link OrtStatusException} with ONNX Runtime's message when {@code status} is not null.
   */
  static void check(String call, MemorySegment s) {
    if (s.equals(MemorySegment.NULL)) {
      return;
    }
    String message;
    try {
      message =
          ((MemorySegment) GET_ERROR_MESSAGE.invokeExact(s))
              .reinterpret(Long.MAX_VALUE)
              .getString(0);
      RELEASE_STATUS.invokeExact(s);
    } catch (Throwable t) {
      throw new IllegalStateException("reading the status of " + call + " failed", t);
    }
    throw new OrtStatusException(call, message);
  }

  /** Runs a release function; they cannot fail. */
  static void release(MethodHandle releaser, MemorySegment pointer) {
    try {
      releaser.invokeExact(pointer);
    } catch (Throwable t) {
      throw new IllegalStateException("release failed", t);
    }
  }

  /** Wraps checked throwables from {@code invokeExact}. */
  static RuntimeException rethrow(String call, Throwable t) {
    return t instanceof RuntimeException r ? r : new IllegalStateException(call + " failed", t);
  }
}
