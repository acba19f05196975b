package dev.rag.llm.tokenizer;

import dev.rag.llm.gguf.GgufMetadata;
import java.util.List;
import java.util.Optional;

/**
 * Renders a conversation into the prompt text a model was trained on.
 *
 * <p>{@link #fromMetadata} runs the model's own Jinja template ({@code tokenizer.chat_template})
 * with Jinjava ({@link JinjaChatTemplate}). Files without a template, templates the engine cannot
 * render, and class paths without Jinjava fall back to a hand-written format recognised by the
 * template's marker tokens ({@link #detect}: {@link #LLAMA3}, {@link #CHATML}, {@link #MISTRAL},
 * else {@link #PLAIN} "role: content" lines).
 */
public interface ChatTemplate {
  ChatTemplate LLAMA3 = MarkerChatTemplate.LLAMA3;
  ChatTemplate CHATML = MarkerChatTemplate.CHATML;
  ChatTemplate MISTRAL = MarkerChatTemplate.MISTRAL;
  ChatTemplate PLAIN = MarkerChatTemplate.PLAIN;

  /**
   * Renders {@code messages}; with {@code addGenerationPrompt} the text ends where the assistant's
   * reply begins. Special tokens are written as text: encode with {@code parseSpecial = true} and
   * without adding BOS when {@link #includesBos()}. Throws {@link ChatTemplateException} when the
   * model's template rejects the conversation.
   */
  String render(List<ChatMessage> messages, boolean addGenerationPrompt);

  /** Whether the rendered text already starts with the BOS token's text. */
  boolean includesBos();

  /**
   * The template for a GGUF file: its {@code tokenizer.chat_template} run by Jinjava, with {@code
   * bos_token} and {@code eos_token} taken from the vocabulary; the marker-based fallback when
   * there is no template or it cannot be used (logged once, with the reason).
   */
  static ChatTemplate fromMetadata(GgufMetadata md) {
    Optional<String> source = md.findString("tokenizer.chat_template");
    if (source.isEmpty()) {
      return PLAIN;
    }
    ChatTemplate fallback = detect(source.get());
    try {
      return JinjaChatTemplate.of(
          source.get(),
          specialToken(md, "tokenizer.ggml.bos_token_id"),
          specialToken(md, "tokenizer.ggml.eos_token_id"),
          fallback);
    } catch (IllegalArgumentException e) {
      MarkerChatTemplate.logFallback(
          "the model's chat template cannot be rendered (" + e.getMessage() + ")", fallback);
    } catch (LinkageError e) {
      MarkerChatTemplate.logFallback("Jinjava is not on the class path (" + e + ")", fallback);
    }
    return fallback;
  }

  /** Recognises a family from a Jinja chat template's text by its marker tokens. */
  static ChatTemplate detect(String jinja) {
    if (jinja.contains("<|start_header_id|>") && jinja.contains("<|eot_id|>")) {
      return LLAMA3;
    }
    if (jinja.contains("<|im_start|>")) {
      return CHATML;
    }
    if (jinja.contains("[INST]")) {
      return MISTRAL;
    }
    return PLAIN;
  }

  /** The text of the special token whose id is stored under {@code idKey}; empty when absent. */
  private static String specialToken(GgufMetadata md, String idKey) {
    if (!md.contains(idKey) || !md.contains("tokenizer.ggml.tokens")) {
      return "";
    }
    int id = md.getInt(idKey);
    String[] tokens = md.getStringArray("tokenizer.ggml.tokens");
    return id >= 0 && id < tokens.length ? tokens[id] : "";
  }
}
