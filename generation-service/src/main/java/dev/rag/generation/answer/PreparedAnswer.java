package dev.rag.generation.answer;

import java.util.List;

/**
 * An answer whose sources are known and whose text is still to be made: everything {@link
 * AnswerPipeline#prepare} decided, as data. {@link AnswerPipeline#stream} makes the text from it.
 *
 * @param query the question and its generation settings
 * @param generative whether a model is loaded (the answer is generated, or says that nothing was
 *     found to ground it in)
 * @param sources the numbered sources, in display order
 * @param prompt the model's prompt; null for extractive answers and when nothing was retrieved
 * @param reranked whether the reranker ordered the sources (false: the fused retrieval order)
 * @param warnings what the answer will report so far
 * @param stages when the request arrived and what retrieval and reranking took
 */
public record PreparedAnswer(
    AnswerQuery query,
    boolean generative,
    List<Source> sources,
    Prompt prompt,
    boolean reranked,
    List<AnswerWarning> warnings,
    Stages stages) {

  static final String GENERATIVE = "generative";
  static final String EXTRACTIVE = "extractive";

  public PreparedAnswer {
    sources = List.copyOf(sources);
    warnings = List.copyOf(warnings);
  }

  /** When the request arrived and what retrieval and reranking took. */
  public record Stages(long startNanos, double retrievalMs, double rerankMs) {}

  public String mode() {
    return generative ? GENERATIVE : EXTRACTIVE;
  }
}
