package dev.rag.eval.answers;

import java.util.List;
import java.util.Set;

/**
 * One question of an answer set.
 *
 * @param id the item's id ({@code "id"} in the file, else {@code "line N"})
 * @param question the question as asked
 * @param answers gold answer strings, any of which counts (empty: none given, e.g. claims)
 * @param documentIds documents that hold the answer (empty: not judged)
 * @param unanswerable true when the collection does not hold the answer: the right reply is "I
 *     don't know"
 */
public record AnswerItem(
    String id,
    String question,
    List<String> answers,
    Set<String> documentIds,
    boolean unanswerable) {

  public AnswerItem {
    if (question == null || question.isBlank()) {
      throw new IllegalArgumentException("item " + id + ": empty question");
    }
    answers = List.copyOf(answers);
    documentIds = Set.copyOf(documentIds);
    if (unanswerable && (!answers.isEmpty() || !documentIds.isEmpty())) {
      throw new IllegalArgumentException(
          "item " + id + ": an unanswerable question has no answers and no documentId");
    }
    if (!unanswerable && answers.isEmpty() && documentIds.isEmpty()) {
      throw new IllegalArgumentException(
          "item " + id + ": give \"answers\", a \"documentId\", or mark it \"unanswerable\": true");
    }
  }
}
