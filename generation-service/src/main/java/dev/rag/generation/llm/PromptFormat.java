package dev.rag.generation.llm;

/**
 * How a model wants its prompt: the chat template that turns a system and a user message into text,
 * and the tokenizer that measures it. Part of the service's port to the model: {@link
 * LanguageModel} implements it over the loaded model's template and tokenizer, so the prompt budget
 * logic in {@code answer} stays free of the runtime.
 */
public interface PromptFormat {

  /** The prompt text for one system and one user message, ending where the answer begins. */
  String render(String system, String user);

  /** Tokens {@code prompt} takes, as the model will be fed it (BOS included). */
  int tokens(String prompt);
}
