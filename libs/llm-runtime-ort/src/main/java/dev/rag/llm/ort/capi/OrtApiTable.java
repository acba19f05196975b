package dev.rag.llm.ort.capi;

import ai.onnxruntime.OrtEnvironment;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * ONNX Runtime's C function table ({@code OrtApi}), reached through {@code OrtGetApiBase} in the
 * native library that ONNX Runtime's Java API has already loaded. {@code OrtApi} is a struct of
 * function pointers that only ever grows at its end, so a function's slot is fixed once released;
 * the slots below are those of {@code onnxruntime_c_api.h} (checked by the tests, which call each
 * one).
 */
final class OrtApiTable {
  /** The table version asked for: every function used here exists since ONNX Runtime 1.16. */
  static final int API_VERSION = 16;

  static final int GET_ERROR_MESSAGE = 2;
  static final int CREATE_ENV = 3;
  static final int CREATE_SESSION_FROM_ARRAY = 8;
  static final int CREATE_SESSION_OPTIONS = 10;
  static final int SET_INTRA_OP_NUM_THREADS = 24;
  static final int CREATE_TENSOR_WITH_DATA_AS_ORT_VALUE = 49;
  static final int GET_TENSOR_MUTABLE_DATA = 51;
  static final int GET_TENSOR_SHAPE_ELEMENT_COUNT = 64;
  static final int GET_TENSOR_TYPE_AND_SHAPE = 65;
  static final int CREATE_MEMORY_INFO = 68;
  static final int CREATE_CPU_MEMORY_INFO = 69;
  static final int ALLOCATOR_FREE = 76;
  static final int GET_ALLOCATOR_WITH_DEFAULT_OPTIONS = 78;
  static final int RELEASE_ENV = 92;
  static final int RELEASE_STATUS = 93;
  static final int RELEASE_MEMORY_INFO = 94;
  static final int RELEASE_SESSION = 95;
  static final int RELEASE_VALUE = 96;
  static final int RELEASE_TENSOR_TYPE_AND_SHAPE_INFO = 99;
  static final int RELEASE_SESSION_OPTIONS = 100;
  static final int RUN_WITH_BINDING = 133;
  static final int CREATE_IO_BINDING = 134;
  static final int RELEASE_IO_BINDING = 135;
  static final int BIND_INPUT = 136;
  static final int BIND_OUTPUT = 137;
  static final int BIND_OUTPUT_TO_DEVICE = 138;
  static final int GET_BOUND_OUTPUT_VALUES = 140;
  static final int SESSION_OPTIONS_APPEND_CUDA_V2 = 204;
  static final int CREATE_CUDA_PROVIDER_OPTIONS = 205;
  static final int UPDATE_CUDA_PROVIDER_OPTIONS = 206;
  static final int RELEASE_CUDA_PROVIDER_OPTIONS = 208;

  static final ValueLayout.OfLong SIZE_T = ValueLayout.JAVA_LONG;
  private static final Linker LINKER = Linker.nativeLinker();
  private static final MemorySegment TABLE = load();

  private OrtApiTable() {}

  private static MemorySegment load() {
    OrtEnvironment
        .getEnvironment(); // makes the Java API load libonnxruntime into this class loader
    MemorySegment getApiBase =
        SymbolLookup.loaderLookup()
            .find("OrtGetApiBase")
            .or(() -> Linker.nativeLinker().defaultLookup().find("OrtGetApiBase"))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "OrtGetApiBase not found: the ONNX Runtime native "
                            + "library is not loaded in this class loader"));
    try {
      MemorySegment base =
          (MemorySegment)
              LINKER
                  .downcallHandle(getApiBase, FunctionDescriptor.of(ValueLayout.ADDRESS))
                  .invokeExact();
      // struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t); const char*
      // (*GetVersionString)(void); }
      MemorySegment bases = base.reinterpret(2 * ValueLayout.ADDRESS.byteSize());
      MemorySegment getApi = bases.get(ValueLayout.ADDRESS, 0);
      MemorySegment api =
          (MemorySegment)
              LINKER
                  .downcallHandle(
                      getApi, FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT))
                  .invokeExact(API_VERSION);
      if (api.equals(MemorySegment.NULL)) {
        throw new IllegalStateException("ONNX Runtime does not offer C API version " + API_VERSION);
      }
      return api.reinterpret(256 * ValueLayout.ADDRESS.byteSize());
    } catch (Throwable t) {
      throw t instanceof RuntimeException r
          ? r
          : new IllegalStateException("reading OrtApi failed", t);
    }
  }

  /** A handle for the function in {@code slot}. */
  static MethodHandle function(int slot, FunctionDescriptor descriptor) {
    return LINKER.downcallHandle(TABLE.getAtIndex(ValueLayout.ADDRESS, slot), descriptor);
  }

  /** A function returning {@code OrtStatus*} (null on success) with the given parameters. */
  static MethodHandle statusFunction(int slot, java.lang.foreign.MemoryLayout... parameters) {
    return function(slot, FunctionDescriptor.of(ValueLayout.ADDRESS, parameters));
  }

  /** A {@code void} release function taking one pointer. */
  static MethodHandle releaseFunction(int slot) {
    return function(slot, FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
  }
}
