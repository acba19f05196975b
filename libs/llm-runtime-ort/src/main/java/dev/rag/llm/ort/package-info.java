/**
 * The ONNX Runtime backend: {@link dev.rag.llm.ort.OrtBackend} implements the runtime's {@code
 * Backend}, so the engine, scheduler, sampling and the paged KV cache are the ones the Java backend
 * uses; only the forward pass moves into ONNX Runtime.
 *
 * <h2>CPU execution provider (what runs and is tested here)</h2>
 *
 * The decoder graph ({@code graph} package) runs one prompt chunk per call, or all decode tokens of
 * an engine step as one batch. The block tables stay the source of truth: before a call {@link
 * dev.rag.llm.ort.PastKv} gathers each slice's earlier positions from the paged blocks into
 * GroupQueryAttention's contiguous past tensors [batch, kvHeads, past, headDim] (right-padded, with
 * per-sequence {@code seqlens_k}); after it, the new positions of the present tensors go back into
 * their slots. Keys are stored after rotation, exactly as the Java backend stores them, so the two
 * backends read and write the same cache contents (a copy-on-write or a prefix-cache hit works the
 * same on either).
 *
 * <h2>CUDA (designed, not yet verified on a GPU)</h2>
 *
 * {@link dev.rag.llm.ort.OrtDevice#CUDA} adds ONNX Runtime's CUDA execution provider (the {@code
 * onnxruntime_gpu} artifact, Maven profile {@code -Pcuda}) and reports a missing provider or CUDA
 * library at start-up. As written, the gather above would copy every sequence's K/V from host to
 * device and back each step, which the CUDA path must not do. The replacement:
 *
 * <ol>
 *   <li>K/V blocks live in GPU memory: one device buffer per layer shaped [numBlocks, blockSize,
 *       kvHeads, headDim] (K and V), allocated once through ONNX Runtime's CUDA allocator ({@code
 *       CreateMemoryInfo("Cuda", ...)}, {@code CreateAllocator}). The host {@code PagedKvCache}
 *       arrays are then unused; block allocation, sharing and copy-on-write stay in {@code
 *       KvCacheManager}, and a block copy becomes a device-to-device copy.
 *   <li>Attention reads blocks through the block tables: {@code PagedAttention} (com.microsoft,
 *       CUDA only, in recent ONNX Runtime versions) takes key_cache/value_cache in blocks plus
 *       block_tables, slot_mappings and cumulative sequence lengths, so a whole engine step (prompt
 *       chunks and decode tokens of many sequences) is one run with packed tokens, and new K/V are
 *       written into their slots inside the operator. Where that operator is missing, start-up
 *       fails naming it (the fallback to the Java backend is a configuration choice).
 *   <li>Inputs and outputs are bound, not copied: ONNX Runtime's Java API has no I/O binding, so
 *       the {@code capi} package binds the C API through the FFM API ({@code OrtApi}:
 *       CreateIoBinding, BindInput, BindOutput, BindOutputToDevice, RunWithBinding,
 *       GetBoundOutputValues, CreateMemoryInfo for "Cuda"). Its CPU tests show bound tensors read
 *       and written in place across runs without rebinding; on CUDA the device K/V buffers are
 *       bound once as persistent inputs, only token ids, positions, block tables and slot mappings
 *       go to the device, and only the logits of the last tokens come back. Still to write with a
 *       GPU: appending the CUDA provider to a C API session, device allocations through the CUDA
 *       allocator, and a backend class driving the PagedAttention graph through this binding.
 * </ol>
 *
 * Weights need no change: the same MatMulNBits, SkipSimplifiedLayerNormalization and
 * RotaryEmbedding nodes have CUDA kernels (with float16 activations for speed, a later step).
 */
package dev.rag.llm.ort;
