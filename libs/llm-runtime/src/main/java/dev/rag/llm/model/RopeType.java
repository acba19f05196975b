package dev.rag.llm.model;

/** How RoPE pairs the dimensions of a head. */
public enum RopeType {
  /** Adjacent pairs (2i, 2i+1): llama, mistral (GGUF stores Q/K permuted for this). */
  NORMAL,
  /** Halves (i, i + d/2): GPT-NeoX style, used by qwen2. */
  NEOX
}
