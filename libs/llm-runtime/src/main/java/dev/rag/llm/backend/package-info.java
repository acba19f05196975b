/**
 * The seam between the engine and the hardware: {@link dev.rag.llm.backend.Backend} takes a batch
 * description and the paged K/V storage and returns logits.
 */
package dev.rag.llm.backend;
