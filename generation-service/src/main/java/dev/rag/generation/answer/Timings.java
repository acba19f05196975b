package dev.rag.generation.answer;

/**
 * Wall-clock milliseconds of one answer.
 *
 * @param retrievalMs the {@code /v1/retrieve} call
 * @param rerankMs the {@code /v1/rerank} call
 * @param firstTokenMs from the request's arrival to the first answer text
 * @param totalMs from the request's arrival to the final citations
 */
public record Timings(double retrievalMs, double rerankMs, double firstTokenMs, double totalMs) {}
