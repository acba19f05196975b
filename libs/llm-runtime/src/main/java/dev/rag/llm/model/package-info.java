/**
 * The llama-layout model: configuration and weight records read from GGUF, RoPE, norms and the
 * forward pass ({@link dev.rag.llm.model.LlamaForward}), which reads one story top to bottom.
 */
package dev.rag.llm.model;
