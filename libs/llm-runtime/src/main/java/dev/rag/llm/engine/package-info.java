/**
 * Continuous batching: {@link dev.rag.llm.engine.Request}s, the {@link
 * dev.rag.llm.engine.Scheduler} (who runs, under a token budget; preemption by recompute), the
 * {@link dev.rag.llm.engine.ModelRunner} (executes a step) and the {@link
 * dev.rag.llm.engine.Engine} that loops schedule, execute, update. The scheduler owns the mutable
 * requests; the runner receives only a {@link dev.rag.llm.engine.SchedulerOutput} of plain data
 * (token ids, positions, block tables, sampling parameters), as vLLM's scheduler hands its workers.
 */
package dev.rag.llm.engine;
