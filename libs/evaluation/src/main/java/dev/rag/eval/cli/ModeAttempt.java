package dev.rag.eval.cli;

import dev.rag.eval.metrics.DocumentRanking;

/**
 * One query in one mode: the document ranking, or why there is none.
 *
 * @param ranking documents best first; null when the request failed
 * @param latencyMs client-side wall time of the request(s)
 * @param degraded the platform answered from one retriever only
 * @param failure the reason the request failed; null on success
 */
record ModeAttempt(DocumentRanking ranking, double latencyMs, boolean degraded, String failure) {

  static ModeAttempt success(DocumentRanking ranking, double latencyMs, boolean degraded) {
    return new ModeAttempt(ranking, latencyMs, degraded, null);
  }

  static ModeAttempt failed(String reason, double latencyMs) {
    return new ModeAttempt(null, latencyMs, false, reason);
  }

  boolean ok() {
    return failure == null;
  }
}
