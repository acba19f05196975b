package dev.rag.eval.metrics;

import java.util.List;
import java.util.Map;

/**
 * The relevance judgements (qrels) of one query: document id to grade. Grades above zero mean
 * relevant (trec_eval's default relevance level 1); zero and negative grades are judged
 * non-relevant, exactly like documents that were never judged.
 *
 * @param grades judged documents and their grades; copied
 */
public record Judgements(Map<String, Integer> grades) {

  public Judgements {
    if (grades == null) {
      throw new IllegalArgumentException("grades must not be null");
    }
    grades = Map.copyOf(grades);
  }

  /** The grade of a document; 0 when it was not judged. */
  public int grade(String documentId) {
    return grades.getOrDefault(documentId, 0);
  }

  /** The gain a document contributes to DCG: its grade, never below zero. */
  public int gain(String documentId) {
    return Math.max(0, grade(documentId));
  }

  public boolean isRelevant(String documentId) {
    return grade(documentId) > 0;
  }

  /** How many judged documents are relevant (grade above zero). */
  public int relevantCount() {
    return (int) grades.values().stream().filter(g -> g > 0).count();
  }

  /** Whether any document is relevant; queries without one get no score. */
  public boolean hasRelevant() {
    return relevantCount() > 0;
  }

  /** Positive grades best first: the gains of the ideal ranking. */
  public List<Integer> idealGains() {
    return grades.values().stream()
        .filter(g -> g > 0)
        .sorted((a, b) -> Integer.compare(b, a))
        .toList();
  }
}
