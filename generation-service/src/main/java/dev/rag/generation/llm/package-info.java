/**
 * The service's one port to the generative model. {@link dev.rag.generation.llm.LanguageModel}
 * takes a {@link dev.rag.generation.llm.CompletionRequest} and streams text to a {@link
 * dev.rag.generation.llm.TextListener}; {@link dev.rag.generation.llm.PromptFormat} renders and
 * measures prompts. Only this package imports llm-runtime: the GGUF file named by {@code
 * rag.generation.model} is loaded at start-up ({@code RunningModel}) into one continuous-batching
 * engine driven by one {@code EngineLoop} thread, the KV cache sized by {@code KvCacheSizing}, and
 * the engine's state published by {@code EngineMeters}. An architecture test in {@code ops/checks}
 * keeps the runtime's types behind this package.
 */
package dev.rag.generation.llm;
