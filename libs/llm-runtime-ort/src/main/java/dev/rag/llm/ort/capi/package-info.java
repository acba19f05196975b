/**
 * A small typed binding of ONNX Runtime's C API through the FFM API, for what the Java API lacks:
 * I/O binding ({@link dev.rag.llm.ort.capi.IoBinding}), tensors over caller-owned memory that stay
 * bound across runs ({@link dev.rag.llm.ort.capi.NativeTensor}), memory places on the host or a
 * CUDA device ({@link dev.rag.llm.ort.capi.MemoryPlace}) and sessions opened through the C API
 * ({@link dev.rag.llm.ort.capi.NativeSession}). Only the functions those need are bound, by their
 * fixed slots in the {@code OrtApi} table; every call's {@code OrtStatus} becomes an {@link
 * dev.rag.llm.ort.capi.OrtStatusException} carrying ONNX Runtime's message.
 *
 * <p>Tested on the CPU (host memory places). The CUDA parts (MemoryPlace.cuda, a session with the
 * CUDA provider, device-resident K/V blocks bound as persistent inputs) await a GPU session.
 */
package dev.rag.llm.ort.capi;
