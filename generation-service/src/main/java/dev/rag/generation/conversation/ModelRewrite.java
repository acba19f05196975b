package dev.rag.generation.conversation;

import dev.rag.generation.llm.CompletionRequest;
import dev.rag.generation.llm.LanguageModel;
import dev.rag.generation.llm.PromptFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rewrite a generative model makes: a short prompt with the conversation, greedy decoding, the
 * first line of the reply. The reply is checked before it is trusted (one line with letters, not
 * many times longer than the question); anything else, a prompt that cannot fit, an error or a
 * timeout leaves the caller with the deterministic rewrite.
 */
final class ModelRewrite {

  static final String INSTRUCTION =
      "Rewrite the user's last question so that it can be understood without the conversation:"
          + " replace pronouns and elliptical phrases with what they refer to. Reply with the"
          + " rewritten question only.";

  /** Labels models like to put before their reply. */
  private static final Pattern LABEL =
      Pattern.compile(
          "^(?:standalone|rewritten)?\\s*(?:question|query)\\s*:\\s*", Pattern.CASE_INSENSITIVE);

  private static final Pattern LETTER = Pattern.compile("\\p{L}");

  private final LanguageModel model;
  private final int maxTokens;
  private final Duration timeout;

  ModelRewrite(LanguageModel model, int maxTokens, Duration timeout) {
    this.model = model;
    this.maxTokens = maxTokens;
    this.timeout = timeout;
  }

  /** The model's standalone question, or empty when it cannot be had or trusted. */
  Optional<String> rewrite(History history, String question) {
    String prompt = prompt(history, question);
    if (prompt == null) {
      return Optional.empty();
    }
    return model
        .completeWithin(CompletionRequest.greedy(prompt, maxTokens), timeout)
        .flatMap(reply -> accepted(reply, question));
  }

  /**
   * The prompt with as many of the latest turns as fit next to the reply's tokens; null when not
   * even the question fits.
   */
  private String prompt(History history, String question) {
    PromptFormat format = model.promptFormat();
    int budget = model.contextTokens() - maxTokens;
    List<Turn> turns = new ArrayList<>(history.turns());
    while (true) {
      StringBuilder user = new StringBuilder("Conversation:\n");
      for (Turn turn : turns) {
        user.append(turn.user() ? "User: " : "Assistant: ").append(turn.content().strip());
        user.append('\n');
      }
      user.append("User's last question: ").append(question.strip());
      String prompt = format.render(INSTRUCTION, user.toString());
      if (format.tokens(prompt) <= budget) {
        return prompt;
      }
      if (turns.isEmpty()) {
        return null;
      }
      turns.removeFirst();
    }
  }

  /** The reply's first non-blank line without labels or quotes, if it looks like a question. */
  static Optional<String> accepted(String reply, String question) {
    String line = reply.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    line = LABEL.matcher(line).replaceFirst("").replaceAll("^[\"'“]+|[\"'”]+$", "").strip();
    boolean plausible =
        line.length() >= 3
            && line.length() <= question.length() * 4 + 200
            && LETTER.matcher(line).find();
    return plausible ? Optional.of(line) : Optional.empty();
  }
}
