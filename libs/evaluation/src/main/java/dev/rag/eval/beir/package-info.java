/**
 * Readers of the BEIR dataset layout (Thakur et al., 2021): {@code corpus.jsonl} (plain or gzip,
 * one {@code {"_id", "title", "text"}} object a line), {@code queries.jsonl} ({@code {"_id",
 * "text"}}) and {@code qrels/*.tsv} ({@code query-id corpus-id score}, with or without that
 * header). Any dataset in this layout can be evaluated without code changes. Format errors name the
 * file and line.
 */
package dev.rag.eval.beir;
