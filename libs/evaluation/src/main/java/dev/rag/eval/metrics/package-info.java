/**
 * Ranking metrics as used by BEIR (Thakur et al., 2021), which computes them with trec_eval through
 * pytrec_eval: nDCG@k with linear gains, Recall@k and MRR@k. Each metric scores one query: a {@link
 * dev.rag.eval.metrics.DocumentRanking} against the query's {@link
 * dev.rag.eval.metrics.Judgements}. Documents without a judgement count as non-relevant; a query
 * without any relevant document has no defined score and is left out by the caller ({@link
 * dev.rag.eval.metrics.MetricMeans} does so and counts it).
 *
 * <p>Tie rule: a ranking is taken in the order the platform returned it, and that order is final.
 * trec_eval instead re-sorts by score and breaks ties by document id (descending); we do not,
 * because the user of the platform sees the platform's order, and because the hybrid RRF scores of
 * different documents tie often. See {@link dev.rag.eval.metrics.DocumentRanking}.
 */
package dev.rag.eval.metrics;
