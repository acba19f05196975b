package dev.rag.eval.answers;

/**
 * One question's scores.
 *
 * @param item the question
 * @param reply what the platform answered
 * @param containsGold the answer holds a gold answer (SQuAD-normalised); false when it abstained
 * @param f1 best token F1 against the gold answers; 0 when it abstained
 * @param goldCited a citation points at a gold document
 */
public record AnswerScore(
    AnswerItem item, AnswerReply reply, boolean containsGold, double f1, boolean goldCited) {

  public static AnswerScore of(AnswerItem item, AnswerReply reply) {
    boolean answered = reply.failure() == null && !reply.abstained();
    return new AnswerScore(
        item,
        reply,
        answered && SquadText.containsAny(reply.text(), item.answers()),
        answered ? SquadText.bestF1(reply.text(), item.answers()) : 0,
        answered && reply.citedDocuments().stream().anyMatch(item.documentIds()::contains));
  }

  /** The same scores had the platform abstained whenever its confidence was below {@code t}. */
  AnswerScore atThreshold(double threshold) {
    Double confidence = reply.confidence();
    if (reply.failure() != null || confidence == null || confidence >= threshold) {
      return this;
    }
    AnswerReply abstained =
        new AnswerReply(
            "",
            true,
            java.util.List.of(),
            confidence,
            reply.latencyMs(),
            reply.failure(),
            reply.expansionSkipped());
    return new AnswerScore(item, abstained, false, 0, false);
  }

  boolean failed() {
    return reply.failure() != null;
  }
}
