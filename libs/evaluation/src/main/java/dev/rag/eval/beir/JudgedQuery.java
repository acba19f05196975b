package dev.rag.eval.beir;

import dev.rag.eval.metrics.Judgements;

/** A query that will be evaluated, with its judgements. */
public record JudgedQuery(Query query, Judgements judgements) {

  public JudgedQuery {
    if (query == null || judgements == null) {
      throw new IllegalArgumentException("query and judgements must not be null");
    }
  }
}
