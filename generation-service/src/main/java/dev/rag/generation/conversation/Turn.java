package dev.rag.generation.conversation;

/**
 * One earlier message of a conversation.
 *
 * @param user true for the asker's message, false for the assistant's answer
 * @param content its text
 */
public record Turn(boolean user, String content) {

  public static Turn user(String content) {
    return new Turn(true, content);
  }

  public static Turn assistant(String content) {
    return new Turn(false, content);
  }
}
