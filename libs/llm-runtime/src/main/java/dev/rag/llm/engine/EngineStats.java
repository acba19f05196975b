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
 * @param draftsProposed speculative draft tokens fed for verification
 * @param draftsAccepted draft tokens the model's own samples confirmed (kept without a step each)
 * @param verifications sequence steps that carried drafts
 */
public record EngineStats(
    long promptTokensComputed,
    long generatedTokens,
    long prefillNanos,
    long decodeNanos,
    long decodeTokens,
    long steps,
    int peakUsedBlocks,
    long preemptions,
    long draftsProposed,
    long draftsAccepted,
    long verifications) {

  /** Share of proposed drafts that were kept (0 without speculation). */
  public double acceptanceRate() {
    return draftsProposed == 0 ? 0 : (double) draftsAccepted / draftsProposed;
  }

  /** Tokens produced per step that verified drafts: kept drafts plus the one sampled token. */
  public double tokensPerVerification() {
    return verifications == 0 ? 0 : (double) (draftsAccepted + verifications) / verifications;
  }

  public double prefillTokensPerSecond() {
    return prefillNanos == 0 ? 0 : promptTokensComputed * 1e9 / prefillNanos;
  }

  public double decodeTokensPerSecond() {
    return decodeNanos == 0 ? 0 : decodeTokens * 1e9 / decodeNanos;
  }
}
