package dev.rag.llm.engine;

/**
 * Counters since the engine started.
 *
 * @param promptTokensComputed tokens computed in steps that carried prompt chunks
 * @param generatedTokens tokens sampled
 * @param prefillNanos time in steps with prompt chunks
 * @param decodeNanos time in steps with only decode tokens
 * @param decodeTokens tokens sampled in decode-only steps
 * @param steps steps run
 * @param peakUsedBlocks most KV blocks in use at once
 * @param preemptions requests preempted
 */
public record EngineStats(
    long promptTokensComputed,
    long generatedTokens,
    long prefillNanos,
    long decodeNanos,
    long decodeTokens,
    long steps,
    int peakUsedBlocks,
    long preemptions) {

  public double prefillTokensPerSecond() {
    return prefillNanos == 0 ? 0 : promptTokensComputed * 1e9 / prefillNanos;
  }

  public double decodeTokensPerSecond() {
    return decodeNanos == 0 ? 0 : decodeTokens * 1e9 / decodeNanos;
  }
}
