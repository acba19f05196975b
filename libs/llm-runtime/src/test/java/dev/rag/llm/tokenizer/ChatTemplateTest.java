package dev.rag.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.llm.gguf.GgufMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatTemplateTest {
  static final List<ChatMessage> CHAT =
      List.of(new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hi?"));

  @Test
  void recognisesFamiliesFromTheJinjaTemplateInMetadata() {
    assertThat(
            ChatTemplate.detect(
                "{{ '<|start_header_id|>' + role + '<|end_header_id|>' }}{{ '<|eot_id|>' }}"))
        .isEqualTo(ChatTemplate.LLAMA3);
    assertThat(ChatTemplate.detect("{% for m in messages %}<|im_start|>{{m.role}}"))
        .isEqualTo(ChatTemplate.CHATML);
    assertThat(ChatTemplate.detect("{{ '[INST] ' + content + ' [/INST]' }}"))
        .isEqualTo(ChatTemplate.MISTRAL);
    assertThat(ChatTemplate.detect("{{ something else }}")).isEqualTo(ChatTemplate.PLAIN);
    assertThat(ChatTemplate.fromMetadata(new GgufMetadata(Map.of()))).isEqualTo(ChatTemplate.PLAIN);
  }

  @Test
  void rendersLlama3WithHeadersAndGenerationPrompt() {
    assertThat(ChatTemplate.LLAMA3.render(CHAT, true))
        .isEqualTo(
            "<|begin_of_text|>"
                + "<|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nHi?<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n");
  }

  @Test
  void rendersChatMl() {
    assertThat(ChatTemplate.CHATML.render(CHAT, true))
        .isEqualTo(
            "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi?<|im_end|>\n<|im_start|>assistant\n");
  }

  @Test
  void rendersMistralWithTheSystemPromptFoldedIntoTheFirstUserTurn() {
    assertThat(
            ChatTemplate.MISTRAL.render(
                List.of(
                    new ChatMessage("system", "Be brief."),
                    new ChatMessage("user", "Hi?"),
                    new ChatMessage("assistant", "Hello."),
                    new ChatMessage("user", "Bye")),
                true))
        .isEqualTo("<s>[INST] Be brief.\n\nHi? [/INST] Hello.</s>[INST] Bye [/INST]");
  }

  @Test
  void plainFallbackAndRoleValidation() {
    assertThat(ChatTemplate.PLAIN.render(CHAT, true))
        .isEqualTo("system: Be brief.\nuser: Hi?\nassistant: ");
    assertThatThrownBy(() -> new ChatMessage("robot", "x")).hasMessageContaining("robot");
  }
}
