package dev.rag.generation.llm;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The prompt of a model behind a chat API: a system and a user message, which the server renders
 * with its own template. {@link PromptFormat#render} must return text, so the pair travels as its
 * JSON (the {@code messages} array the request will carry); only this package reads it back.
 */
final class ChatPrompt {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** What a chat server's tokenizer makes of English text, about: prompts are budgeted with it. */
  static final int CHARS_PER_TOKEN = 4;

  /** Tokens a template adds around each message (role markers, separators), about. */
  static final int TOKENS_PER_MESSAGE = 4;

  private ChatPrompt() {}

  /** The format {@link LanguageModel#promptFormat} hands out for a chat server. */
  static final PromptFormat FORMAT =
      new PromptFormat() {
        @Override
        public String render(String system, String user) {
          return JSON.writeValueAsString(
              List.of(
                  Map.of("role", "system", "content", system),
                  Map.of("role", "user", "content", user)));
        }

        @Override
        public int tokens(String prompt) {
          int tokens = 0;
          for (JsonNode message : messages(prompt)) {
            String content = message.path("content").asString("");
            tokens +=
                TOKENS_PER_MESSAGE + (content.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
          }
          return tokens;
        }
      };

  /**
   * The messages of a rendered prompt; text that is not one (a caller's raw prompt) is one user
   * message.
   */
  static JsonNode messages(String prompt) {
    if (prompt.startsWith("[")) {
      try {
        JsonNode parsed = JSON.readTree(prompt);
        if (parsed.isArray()) {
          return parsed;
        }
      } catch (RuntimeException notJson) {
        // a raw prompt that happens to start with a bracket
      }
    }
    return JSON.valueToTree(List.of(Map.of("role", "user", "content", prompt)));
  }
}
