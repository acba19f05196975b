package dev.rag.llm.kv;

/**
 * A copy-on-write order: copy the K/V of block {@code source} into {@code target} before the step
 * runs.
 */
public record BlockCopy(int source, int target) {}
