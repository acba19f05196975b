/**
 * Answer quality ({@code rag eval --answers}): question sets in JSON Lines, the SQuAD answer
 * metrics (Rajpurkar et al., 2016: normalised containment and token F1), whether the gold document
 * is cited, and abstention precision and recall on questions the collection cannot answer. Each
 * question is scored by {@link dev.rag.eval.answers.AnswerScore}; {@link
 * dev.rag.eval.answers.AnswerSummary} aggregates, {@link dev.rag.eval.answers.AbstentionCurve}
 * replays the abstention decision at other confidence thresholds.
 */
package dev.rag.eval.answers;
