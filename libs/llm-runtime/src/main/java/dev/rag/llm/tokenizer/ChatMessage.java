package dev.rag.llm.tokenizer;

/** One turn of a conversation; role is system, user or assistant. */
public record ChatMessage(String role, String content) {
  public ChatMessage {
    if (!role.equals("system") && !role.equals("user") && !role.equals("assistant")) {
      throw new IllegalArgumentException(
          "role '" + role + "' not allowed; use system, user or assistant");
    }
  }
}
