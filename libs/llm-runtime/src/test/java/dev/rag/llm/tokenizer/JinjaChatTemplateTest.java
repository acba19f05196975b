package dev.rag.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.llm.gguf.GgufMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The published chat templates (test resources {@code chat-templates/}, the {@code chat_template}
 * of each model's {@code tokenizer_config.json}) rendered through Jinjava, checked against the
 * prompt formats the model cards document.
 */
class JinjaChatTemplateTest {
  static final List<ChatMessage> CHAT =
      List.of(
          new ChatMessage("system", "Be brief."),
          new ChatMessage("user", "Hi?"),
          new ChatMessage("assistant", "Hello."),
          new ChatMessage("user", "Bye"));

  static JinjaChatTemplate template(String name, String bos, String eos) {
    try (InputStream in =
        JinjaChatTemplateTest.class.getResourceAsStream("/chat-templates/" + name + ".jinja")) {
      return JinjaChatTemplate.of(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), bos, eos, ChatTemplate.PLAIN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void llama3Instruct() {
    var t = template("llama3-instruct", "<|begin_of_text|>", "<|end_of_text|>");
    assertThat(t.render(CHAT, true))
        .isEqualTo(
            "<|begin_of_text|>"
                + "<|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nHi?<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\nHello.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nBye<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    assertThat(t.includesBos()).isTrue();
    assertThat(t.supportsSystemRole()).isTrue();
  }

  @Test
  void llama31InstructPutsTheDatesInTheSystemTurn() {
    var t = template("llama3.1-instruct", "<|begin_of_text|>", "<|eot_id|>");
    assertThat(t.render(CHAT, true))
        .isEqualTo(
            "<|begin_of_text|>"
                + "<|start_header_id|>system<|end_header_id|>\n\n"
                + "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\nBe brief.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nHi?<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\nHello.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nBye<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    assertThat(t.render(List.of(new ChatMessage("user", "Hi?")), false))
        .isEqualTo(
            "<|begin_of_text|>"
                + "<|start_header_id|>system<|end_header_id|>\n\n"
                + "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nHi?<|eot_id|>");
  }

  @Test
  void qwen2ChatMl() {
    var t = template("qwen2-instruct", "", "<|im_end|>");
    assertThat(t.render(CHAT, true))
        .isEqualTo(
            "<|im_start|>system\nBe brief.<|im_end|>\n"
                + "<|im_start|>user\nHi?<|im_end|>\n<|im_start|>assistant\nHello.<|im_end|>\n"
                + "<|im_start|>user\nBye<|im_end|>\n<|im_start|>assistant\n");
    assertThat(t.render(List.of(new ChatMessage("user", "Hi?")), true))
        .isEqualTo(
            "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                + "<|im_start|>user\nHi?<|im_end|>\n<|im_start|>assistant\n");
    assertThat(t.includesBos()).isFalse();
  }

  @Test
  void mistralInstructV02FoldsTheSystemPromptIntoTheFirstUserTurn() {
    var t = template("mistral-7b-instruct-v0.2", "<s>", "</s>");
    assertThat(t.render(CHAT, true))
        .isEqualTo("<s> [INST] Be brief.\n\nHi? [/INST] Hello.</s> [INST] Bye [/INST]");
    assertThat(t.includesBos()).isTrue();
  }

  @Test
  void mistralInstructV01HasNoSystemRoleSoTheSystemPromptIsFolded() {
    var t = template("mistral-7b-instruct-v0.1", "<s>", "</s>");
    assertThat(t.supportsSystemRole()).isFalse();
    assertThat(t.render(CHAT, true))
        .isEqualTo("<s>[INST] Be brief.\n\nHi? [/INST]Hello.</s>[INST] Bye [/INST]");
  }

  @Test
  void gemma3() {
    var t = template("gemma3-it", "<bos>", "<eos>");
    assertThat(t.supportsSystemRole()).isTrue();
    assertThat(t.render(CHAT, true))
        .isEqualTo(
            "<bos><start_of_turn>user\nBe brief.\n\nHi?<end_of_turn>\n"
                + "<start_of_turn>model\nHello.<end_of_turn>\n<start_of_turn>user\nBye<end_of_turn>\n"
                + "<start_of_turn>model\n");
  }

  @Test
  void gemma2RaisesOnASystemMessageSoItIsFoldedIntoTheFirstUserTurn() {
    var t = template("gemma2-it", "<bos>", "<eos>");
    assertThat(t.supportsSystemRole()).isFalse();
    assertThat(t.render(CHAT, true))
        .isEqualTo(
            "<bos><start_of_turn>user\nBe brief.\n\nHi?<end_of_turn>\n"
                + "<start_of_turn>model\nHello.<end_of_turn>\n<start_of_turn>user\nBye<end_of_turn>\n"
                + "<start_of_turn>model\n");
  }

  @Test
  void phi3Mini() {
    var t = template("phi3-mini-instruct", "<s>", "<|endoftext|>");
    assertThat(t.render(CHAT, true))
        .isEqualTo(
            "<|system|>\nBe brief.<|end|>\n<|user|>\nHi?<|end|>\n"
                + "<|assistant|>\nHello.<|end|>\n<|user|>\nBye<|end|>\n<|assistant|>\n");
    assertThat(t.render(List.of(new ChatMessage("user", "Hi?")), false))
        .isEqualTo("<|user|>\nHi?<|end|>\n<|endoftext|>");
    assertThat(t.includesBos()).isFalse();
  }

  @Test
  void aTemplateThatRaisesGivesAClearError() {
    var t = template("gemma2-it", "<bos>", "<eos>");
    List<ChatMessage> twoUsers =
        List.of(new ChatMessage("user", "a"), new ChatMessage("user", "b"));
    assertThatThrownBy(() -> t.render(twoUsers, true))
        .isInstanceOf(ChatTemplateException.class)
        .hasMessageContaining("Conversation roles must alternate user/assistant/user/assistant/...")
        .extracting(e -> ((ChatTemplateException) e).templateMessage())
        .isEqualTo("Conversation roles must alternate user/assistant/user/assistant/...");
  }

  @Test
  void pythonStringMethodsLoopVariablesAndNamespace() {
    var t =
        JinjaChatTemplate.of(
            """
                {% set ns = namespace(system='') %}
                {% for m in messages %}
                {% if m.role.startswith('sys') %}{% set ns.system = m.content.strip() %}{% continue %}{% endif %}
                {{ loop.index0 }}{{ '^' if loop.first }}{{ '$' if loop.last }}{{ m.role.upper() }}=[{{ m.content|trim }}]\
                {{ m.content.split(',')|length }}{{ 'E' if m.content.strip().rstrip('!').endswith(('x', 'b')) }};
                {% endfor %}
                {{ ns.system }}|{{ 'a.b.c'.split('.')|join('-') }}|{{ '  x  '.lstrip() }}|
                """,
            "", "", ChatTemplate.PLAIN);
    assertThat(
            t.render(
                List.of(new ChatMessage("system", "  S  "), new ChatMessage("user", " a,b!! ")),
                true))
        .isEqualTo("1$USER=[a,b!!]2E;\nS|a-b-c|x  |");
  }

  @Test
  void messageTextIsNotInterpretedAsATemplate() {
    var t = template("qwen2-instruct", "", "");
    assertThat(t.render(List.of(new ChatMessage("user", "{{ 7 * 7 }} {% raw %}")), false))
        .isEqualTo(
            "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                + "<|im_start|>user\n{{ 7 * 7 }} {% raw %}<|im_end|>\n");
  }

  @Test
  void fromMetadataRendersTheFilesTemplateWithItsSpecialTokens() {
    var md =
        new GgufMetadata(
            Map.of(
                "tokenizer.chat_template",
                "{{ bos_token }}{% for m in messages %}<|im_start|>{{ m.role }}\n"
                    + "{{ m.content }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}x{% endif %}{{ eos_token }}",
                "tokenizer.ggml.tokens",
                new String[] {"<unk>", "<s>", "</s>"},
                "tokenizer.ggml.bos_token_id",
                1,
                "tokenizer.ggml.eos_token_id",
                2));
    ChatTemplate t = ChatTemplate.fromMetadata(md);
    assertThat(t).isInstanceOf(JinjaChatTemplate.class);
    assertThat(t.includesBos()).isTrue();
    assertThat(t.render(List.of(new ChatMessage("user", "Hi")), true))
        .isEqualTo("<s><|im_start|>user\nHi<|im_end|>\nx</s>");
  }

  @Test
  void aFileWithoutATemplateUsesThePlainFallback() {
    ChatTemplate t = ChatTemplate.fromMetadata(new GgufMetadata(Map.of()));
    assertThat(t).isSameAs(ChatTemplate.PLAIN);
    assertThat(t.render(List.of(new ChatMessage("user", "Hi")), true))
        .isEqualTo("user: Hi\nassistant: ");
  }

  @Test
  void aTemplateTheEngineCannotRenderFallsBackToItsMarkerFormat() {
    var md =
        new GgufMetadata(
            Map.of(
                "tokenizer.chat_template",
                "{% for m in messages %}<|im_start|>{{ m.role }}{% if %}{% endfor %}"));
    assertThat(ChatTemplate.fromMetadata(md)).isSameAs(ChatTemplate.CHATML);
    assertThatThrownBy(
            () ->
                JinjaChatTemplate.of(
                    "{% for m in messages %}{% if %}{% endfor %}", "", "", ChatTemplate.PLAIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1");
  }
}
