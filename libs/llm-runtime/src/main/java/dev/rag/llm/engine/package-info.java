/**
 * Continuous batching: {@link dev.rag.llm.engine.Request}s, the {@link
 * dev.rag.llm.engine.Scheduler} (who runs, under a token budget; preemption by recompute), the
 * {@link dev.rag.llm.engine.ModelRunner} (executes a step) and the {@link
 * dev.rag.llm.engine.Engine} that loops schedule, execute, update.
 */
package dev.rag.llm.engine;
