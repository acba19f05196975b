/**
 * The seam between the engine and the hardware: {@link dev.rag.llm.backend.Backend} takes a batch
 * description and the paged K/V storage and returns logits. Backends that live in other modules
 * (ONNX Runtime in {@code llm-runtime-ort}) are offered through {@link
 * dev.rag.llm.backend.BackendProvider}.
 */
package dev.rag.llm.backend;
