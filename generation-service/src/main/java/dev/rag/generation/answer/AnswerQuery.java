package dev.rag.generation.answer;

import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.problem.ProblemType;
import dev.rag.contracts.retrieval.MetadataCondition;
import dev.rag.generation.config.GenerationProperties;
import dev.rag.generation.expansion.Expansion;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A validated question: what both APIs hand to the pipeline once their own shapes are checked.
 *
 * @param question the question, stripped, 1..{@code rag.generation.max-question-chars} characters
 * @param collection the collection searched
 * @param filters metadata conditions by key, passed to retrieval as they are (see {@link
 *     dev.rag.contracts.retrieval.MetadataCondition}; may be empty)
 * @param maxTokens most answer tokens (generative mode)
 * @param temperature sampling temperature, 0 = greedy
 * @param seed sampling seed
 * @param rewritten whether {@code question} is the standalone rewrite of a conversation's last
 *     question (then answers report it as {@code rewrittenQuery})
 * @param expansion the query expansions the request chose; null: as configured
 */
public record AnswerQuery(
    String question,
    String collection,
    Map<String, MetadataCondition> filters,
    int maxTokens,
    double temperature,
    long seed,
    boolean rewritten,
    Expansion expansion) {

  /** A question asked on its own. */
  public AnswerQuery(
      String question,
      String collection,
      Map<String, MetadataCondition> filters,
      int maxTokens,
      double temperature,
      long seed) {
    this(question, collection, filters, maxTokens, temperature, seed, false, null);
  }

  /**
   * This query with the standalone form of its question, retrieved and answered in its place; the
   * length limit applies to the question as asked, not to its rewrite.
   */
  public AnswerQuery standalone(String rewrittenQuestion) {
    return new AnswerQuery(
        rewrittenQuestion.strip(),
        collection,
        filters,
        maxTokens,
        temperature,
        seed,
        true,
        expansion);
  }

  /** This query with the expansions a request chose (null: as configured). */
  public AnswerQuery withExpansion(Expansion chosen) {
    return new AnswerQuery(
        question, collection, filters, maxTokens, temperature, seed, rewritten, chosen);
  }

  private static final Pattern COLLECTION = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  /** Checks raw request values against the limits in {@code properties}; nulls take defaults. */
  public static AnswerQuery validate(
      String question,
      String collection,
      Map<String, MetadataCondition> filters,
      Integer maxTokens,
      Double temperature,
      Long seed,
      GenerationProperties properties) {
    if (question == null || question.isBlank()) {
      throw ApiException.invalid("question", "must not be empty");
    }
    if (question.length() > properties.maxQuestionChars()) {
      throw new ApiException(
              ProblemType.PAYLOAD_TOO_LARGE,
              "question: "
                  + question.length()
                  + " characters; at most "
                  + properties.maxQuestionChars()
                  + " are accepted")
          .with("field", "question")
          .with("limit", properties.maxQuestionChars());
    }
    String c =
        collection == null || collection.isBlank() ? properties.defaultCollection() : collection;
    if (!COLLECTION.matcher(c).matches()) {
      throw ApiException.invalid(
          "collection", "'" + c + "' is not a collection name ([a-z0-9][a-z0-9_-]{0,63})");
    }
    int tokens = maxTokens == null ? properties.defaultMaxTokens() : maxTokens;
    if (tokens < 1 || tokens > properties.maxTokensLimit()) {
      throw ApiException.invalid(
          "max_tokens", tokens + " outside [1, " + properties.maxTokensLimit() + "]");
    }
    double t = temperature == null ? 0 : temperature;
    if (!(t >= 0 && t <= 2)) {
      throw ApiException.invalid("temperature", t + " outside [0, 2]");
    }
    return new AnswerQuery(
        question.strip(),
        c,
        filters == null ? Map.of() : Map.copyOf(filters),
        tokens,
        t,
        seed == null ? 0 : seed);
  }
}
