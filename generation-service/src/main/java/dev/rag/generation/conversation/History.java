package dev.rag.generation.conversation;

import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.problem.ProblemType;
import java.util.List;

/**
 * The messages before the current question, oldest first, within {@code
 * rag.generation.conversation.*} limits.
 */
public record History(List<Turn> turns) {

  public static final History NONE = new History(List.of());

  public History {
    turns = List.copyOf(turns);
  }

  /**
   * Checks the limits; {@code field} names the request member in problems.
   *
   * @throws ApiException 400 for too many turns, 413 for too much text
   */
  public static History of(List<Turn> turns, String field, ConversationProperties limits) {
    if (turns.size() > limits.maxTurns()) {
      throw ApiException.invalid(
              field,
              turns.size() + " earlier messages; at most " + limits.maxTurns() + " are accepted")
          .with("limit", limits.maxTurns());
    }
    long chars = turns.stream().mapToLong(t -> t.content().length()).sum();
    if (chars > limits.maxChars()) {
      throw new ApiException(
              ProblemType.PAYLOAD_TOO_LARGE,
              field
                  + ": "
                  + chars
                  + " characters in earlier messages; at most "
                  + limits.maxChars()
                  + " are accepted")
          .with("field", field)
          .with("limit", limits.maxChars());
    }
    return new History(turns);
  }

  public boolean isEmpty() {
    return turns.isEmpty();
  }

  /** The asker's messages, oldest first. */
  List<String> questions() {
    return turns.stream().filter(Turn::user).map(Turn::content).toList();
  }
}
