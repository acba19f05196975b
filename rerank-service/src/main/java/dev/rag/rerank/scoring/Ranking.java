package dev.rag.rerank.scoring;

import java.util.List;

/**
 * The outcome of one rerank call: input indexes best first, with their scores ({@code null} when no
 * model scored them, in which case the order is the input order).
 */
public record Ranking(String model, boolean reranked, List<Integer> order, List<Float> scores) {}
