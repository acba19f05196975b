package dev.rag.llm.tokenizer;

/**
 * A chat template refused the conversation: the template called {@code raise_exception(message)},
 * as Hugging Face templates do when roles do not alternate or a role is not supported.
 */
public final class ChatTemplateException extends RuntimeException {
  private final String templateMessage;

  public ChatTemplateException(String templateMessage) {
    super("the model's chat template rejected the conversation: " + templateMessage);
    this.templateMessage = templateMessage;
  }

  /** The text the template passed to {@code raise_exception}. */
  public String templateMessage() {
    return templateMessage;
  }
}
