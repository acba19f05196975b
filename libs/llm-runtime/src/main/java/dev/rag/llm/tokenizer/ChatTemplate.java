package dev.rag.llm.tokenizer;

import dev.rag.llm.gguf.GgufMetadata;
import java.util.List;

/**
 * Renders a conversation into the prompt text a model was trained on. The family is recognised from
 * the Jinja template in {@code tokenizer.chat_template} by its marker tokens (we do not run Jinja);
 * unknown or missing templates use a plain "role: content" fallback.
 */
public enum ChatTemplate {
    LLAMA3 {
        @Override
        public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
            StringBuilder sb = new StringBuilder("<|begin_of_text|>");
            for (ChatMessage m : messages) {
                sb.append("<|start_header_id|>").append(m.role()).append("<|end_header_id|>\n\n")
                        .append(m.content().strip()).append("<|eot_id|>");
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
                sb.append("<|im_start|>").append(m.role()).append('\n').append(m.content()).append("<|im_end|>\n");
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

    /**
     * Renders {@code messages}; with {@code addGenerationPrompt} the text ends where the assistant's
     * reply begins. Special tokens are written as text: encode with {@code parseSpecial = true} and
     * without adding BOS when the template already starts with it.
     */
    public abstract String render(List<ChatMessage> messages, boolean addGenerationPrompt);

    /** Whether the rendered text already starts with the BOS token's text. */
    public boolean includesBos() {
        return this == LLAMA3 || this == MISTRAL;
    }

    public static ChatTemplate fromMetadata(GgufMetadata md) {
        return md.findString("tokenizer.chat_template").map(ChatTemplate::detect).orElse(PLAIN);
    }

    /** Recognises a family from a Jinja chat template's text. */
    public static ChatTemplate detect(String jinja) {
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
}
