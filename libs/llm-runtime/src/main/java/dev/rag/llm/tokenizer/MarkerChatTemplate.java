package dev.rag.llm.tokenizer;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hand-written renderings of the common chat formats, chosen by the marker tokens a Jinja template
 * mentions ({@link ChatTemplate#detect}). Used when a file carries no template, when Jinjava is not
 * on the class path, and when the engine cannot render the file's template.
 */
enum MarkerChatTemplate implements ChatTemplate {
  LLAMA3 {
    @Override
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
      StringBuilder sb = new StringBuilder("<|begin_of_text|>");
      for (ChatMessage m : messages) {
        sb.append("<|start_header_id|>")
            .append(m.role())
            .append("<|end_header_id|>\n\n")
            .append(m.content().strip())
            .append("<|eot_id|>");
      }
      if (addGenerationPrompt) {
        sb.append("<|start_header_id|>assistant<|end_header_id|>\n\n");
      }
      return sb.toString();
    }
  },
  CHATML {
    @Override
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
      StringBuilder sb = new StringBuilder();
      for (ChatMessage m : messages) {
        sb.append("<|im_start|>")
            .append(m.role())
            .append('\n')
            .append(m.content())
            .append("<|im_end|>\n");
      }
      if (addGenerationPrompt) {
        sb.append("<|im_start|>assistant\n");
      }
      return sb.toString();
    }
  },
  MISTRAL {
    /** Mistral has no system role: the system prompt is prepended to the first user turn. */
    @Override
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
      StringBuilder sb = new StringBuilder("<s>");
      String system = null;
      for (ChatMessage m : messages) {
        switch (m.role()) {
          case "system" -> system = m.content();
          case "user" -> {
            String content = system == null ? m.content() : system + "\n\n" + m.content();
            system = null;
            sb.append("[INST] ").append(content.strip()).append(" [/INST]");
          }
          default -> sb.append(' ').append(m.content().strip()).append("</s>");
        }
      }
      return sb.toString();
    }
  },
  PLAIN {
    @Override
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
      StringBuilder sb = new StringBuilder();
      for (ChatMessage m : messages) {
        sb.append(m.role()).append(": ").append(m.content()).append('\n');
      }
      if (addGenerationPrompt) {
        sb.append("assistant: ");
      }
      return sb.toString();
    }
  };

  @Override
  public boolean includesBos() {
    return this == LLAMA3 || this == MISTRAL;
  }

  private static final System.Logger LOG = System.getLogger(ChatTemplate.class.getName());
  private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

  /** Logs, once per distinct reason, that {@code used} stands in for the model's own template. */
  static void logFallback(String reason, ChatTemplate used) {
    if (LOGGED.add(reason)) {
      LOG.log(
          System.Logger.Level.WARNING,
          reason + "; using the built-in " + used + " chat format instead");
    }
  }
}
