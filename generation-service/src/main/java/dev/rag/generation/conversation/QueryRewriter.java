package dev.rag.generation.conversation;

import dev.rag.generation.llm.LanguageModel;
import org.springframework.stereotype.Component;

/**
 * Makes the current question of a conversation standalone before retrieval, which sees one query
 * and no history: by the generative model when one is loaded, else (or when the model's reply
 * cannot be used) by {@link TermCarryingRewrite}. A question without history is kept as asked.
 */
@Component
public class QueryRewriter {

  private final LanguageModel model;
  private final ModelRewrite byModel;

  public QueryRewriter(LanguageModel model, ConversationProperties properties) {
    this.model = model;
    this.byModel =
        new ModelRewrite(model, properties.rewriteMaxTokens(), properties.rewriteTimeout());
  }

  /** The question to retrieve and answer with. */
  public String standalone(History history, String question) {
    if (history.isEmpty()) {
      return question;
    }
    if (model.available()) {
      var rewritten = byModel.rewrite(history, question);
      if (rewritten.isPresent()) {
        return rewritten.get();
      }
    }
    return TermCarryingRewrite.rewrite(history, question);
  }
}
