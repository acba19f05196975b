package dev.rag.generation.api;

import dev.rag.contracts.problem.ApiException;
import dev.rag.generation.conversation.ConversationProperties;
import dev.rag.generation.conversation.History;
import dev.rag.generation.conversation.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code messages} of a request, read one by one from untyped JSON so that a malformed message
 * (no role, an unknown role, content that is neither text nor text parts) gets a problem naming it
 * instead of a generic parse error. Content is a string or, as OpenAI clients also send it, an
 * array of {@code {"type": "text", "text": ...}} parts, joined.
 */
final class Messages {

  /** Roles of {@code /v1/answers}' earlier messages: the question itself is {@code question}. */
  static final Set<String> TURN_ROLES = Set.of("user", "assistant");

  /** Roles a chat completion accepts; {@code system} and {@code developer} are instructions. */
  static final Set<String> CHAT_ROLES = Set.of("system", "developer", "user", "assistant");

  private Messages() {}

  /** A chat split into its question (the last user message) and the turns before it. */
  record Chat(History history, String question) {}

  /** {@code /v1/answers}' {@code messages}: the turns before {@code question}; none when null. */
  static History earlier(List<Object> messages, ConversationProperties limits) {
    if (messages == null || messages.isEmpty()) {
      return History.NONE;
    }
    List<Turn> turns = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      Message m = read(messages.get(i), "messages[" + i + "]", TURN_ROLES);
      turns.add(new Turn(m.role().equals("user"), m.content()));
    }
    return History.of(turns, "messages", limits);
  }

  /**
   * A chat completion's {@code messages}: the last {@code user} message is the question, the user
   * and assistant messages before it its history (instructions are not part of what is retrieved).
   */
  static Chat chat(List<Object> messages, ConversationProperties limits) {
    if (messages == null || messages.isEmpty()) {
      throw ApiException.invalid("messages", "at least one message with role 'user' is required");
    }
    List<Message> read = new ArrayList<>();
    int lastUser = -1;
    for (int i = 0; i < messages.size(); i++) {
      Message m = read(messages.get(i), "messages[" + i + "]", CHAT_ROLES);
      read.add(m);
      if (m.role().equals("user")) {
        lastUser = i;
      }
    }
    if (lastUser < 0) {
      throw ApiException.invalid("messages", "no message has role 'user'");
    }
    List<Turn> turns = new ArrayList<>();
    for (Message m : read.subList(0, lastUser)) {
      if (TURN_ROLES.contains(m.role())) {
        turns.add(new Turn(m.role().equals("user"), m.content()));
      }
    }
    return new Chat(History.of(turns, "messages", limits), read.get(lastUser).content());
  }

  private record Message(String role, String content) {}

  private static Message read(Object value, String field, Set<String> roles) {
    if (!(value instanceof Map<?, ?> message)) {
      throw ApiException.invalid(field, "must be an object with 'role' and 'content'");
    }
    if (!(message.get("role") instanceof String role) || !roles.contains(role)) {
      throw ApiException.invalid(
          field + ".role",
          "must be one of "
              + String.join(", ", roles.stream().sorted().toList())
              + "; was "
              + describe(message.get("role")));
    }
    return new Message(role, content(message.get("content"), field + ".content"));
  }

  private static String content(Object value, String field) {
    if (value instanceof String text) {
      return text;
    }
    if (!(value instanceof List<?> parts)) {
      throw ApiException.invalid(
          field, "must be a string or an array of text parts; was " + describe(value));
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      String partField = field + "[" + i + "]";
      if (!(parts.get(i) instanceof Map<?, ?> part) || !"text".equals(part.get("type"))) {
        throw ApiException.invalid(
            partField, "only parts of type 'text' are supported; was " + describe(parts.get(i)));
      }
      if (!(part.get("text") instanceof String partText)) {
        throw ApiException.invalid(
            partField + ".text", "must be a string; was " + describe(part.get("text")));
      }
      if (!text.isEmpty()) {
        text.append('\n');
      }
      text.append(partText);
    }
    return text.toString();
  }

  static String describe(Object value) {
    if (value == null) {
      return "missing";
    }
    if (value instanceof String s) {
      return "'" + s + "'";
    }
    if (value instanceof Map<?, ?> map && map.get("type") instanceof String type) {
      return "a part of type '" + type + "'";
    }
    return "a JSON "
        + (value instanceof Map
            ? "object"
            : value instanceof List ? "array" : value instanceof Number ? "number" : "value");
  }
}
