/**
 * The generative model's lifecycle in the service: the GGUF file named by {@code
 * rag.generation.model} is loaded at start-up into one continuous-batching engine driven by one
 * {@code EngineLoop} thread; requests are submitted, streamed and cancelled through it, and the KV
 * cache's occupancy is published as Micrometer gauges.
 */
package dev.rag.generation.llm;
