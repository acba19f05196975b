package dev.rag.generation.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rag.generation.answer.Answer;
import dev.rag.generation.answer.PreparedAnswer;
import dev.rag.generation.answer.Source;
import dev.rag.generation.llm.LanguageModel;
import java.util.regex.Pattern;

/**
 * OpenAI's {@code usage} of a chat completion. A generated answer counts its prompt and its text in
 * the model's tokens; an extractive one, which runs no model and so has no tokenizer, counts words
 * (the question and the sources read, the answer written).
 */
record Usage(
    @JsonProperty("prompt_tokens") int promptTokens,
    @JsonProperty("completion_tokens") int completionTokens,
    @JsonProperty("total_tokens") int totalTokens) {

  private static final Pattern WORDS = Pattern.compile("\\S+");

  static Usage of(PreparedAnswer prepared, Answer answer, LanguageModel model) {
    int prompt;
    int completion;
    if (prepared.prompt() != null) {
      prompt = prepared.prompt().tokens();
      // The format counts a BOS token in front of any text; the answer has none.
      completion = Math.max(0, model.promptFormat().tokens(answer.answer()) - 1);
    } else {
      StringBuilder read = new StringBuilder(prepared.query().question());
      for (Source source : prepared.sources()) {
        read.append(' ').append(source.text());
      }
      prompt = words(read);
      completion = words(answer.answer());
    }
    return new Usage(prompt, completion, prompt + completion);
  }

  private static int words(CharSequence text) {
    return (int) WORDS.matcher(text).results().count();
  }
}
