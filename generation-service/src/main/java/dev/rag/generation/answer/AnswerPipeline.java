package dev.rag.generation.answer;

import dev.rag.contracts.embedding.QueryEmbeddingsRequest;
import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.problem.ProblemType;
import dev.rag.contracts.retrieval.RetrievalMode;
import dev.rag.contracts.retrieval.RetrieveRequest;
import dev.rag.contracts.retrieval.RetrieveResponse;
import dev.rag.contracts.retrieval.RetrievedChunk;
import dev.rag.generation.config.ExtractiveProperties;
import dev.rag.generation.config.GenerationProperties;
import dev.rag.generation.expansion.QueryExpansion;
import dev.rag.generation.llm.LanguageModel;
import dev.rag.generation.rerank.RerankClient;
import dev.rag.generation.rerank.RerankOutcome;
import dev.rag.generation.retrieval.QueryEmbeddingClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Question in, cited answer out: retrieve (hybrid, {@code rag.generation.candidates}) → rerank →
 * deduplicate → numbered sources → generative (llm-runtime) or extractive answer → citations.
 * {@link #prepare} does everything that can fail with a problem detail (validation, retrieval, the
 * prompt budget) before any byte of a stream is sent, into a {@link PreparedAnswer}; {@link
 * #stream} then produces the answer from it.
 */
@Service
public class AnswerPipeline {

  private final GenerationProperties properties;
  private final QueryExpansion retrieval;
  private final RerankClient rerank;
  private final LanguageModel model;
  private final AnswerWriter writer;

  public AnswerPipeline(
      GenerationProperties properties,
      QueryExpansion retrieval,
      RerankClient rerank,
      LanguageModel model,
      ExtractiveProperties extractive,
      QueryEmbeddingClient embeddings,
      MeterRegistry meters) {
    this.properties = properties;
    this.retrieval = retrieval;
    this.rerank = rerank;
    this.model = model;
    this.writer =
        new AnswerWriter(
            model,
            new ExtractiveAnswerer(
                properties.minRelevance(),
                properties.answerSentences(),
                extractive.similarityWeight(),
                extractive.similaritySentences(),
                new AnswerConfidence(extractive.minConfidence()),
                extractive.similarity()
                    ? new SentenceSimilarity(
                        embeddings::embedAll,
                        extractive.similarityTimeout(),
                        QueryEmbeddingsRequest.MAX_QUERIES,
                        extractive.similarityCacheSize())
                    : null),
            properties.generationTimeout(),
            meters);
  }

  /** {@code generative} when a model is loaded, else {@code extractive}. */
  public String mode() {
    return model.available() ? PreparedAnswer.GENERATIVE : PreparedAnswer.EXTRACTIVE;
  }

  /** Retrieves, reranks and assembles the sources; throws {@link ApiException} on any failure. */
  public PreparedAnswer prepare(AnswerQuery query) {
    long start = System.nanoTime();
    List<AnswerWarning> warnings = new ArrayList<>();
    boolean generative = model.available();
    int budget = 0;
    if (generative) {
      budget = model.contextTokens() - query.maxTokens();
      if (budget < 1) {
        throw ApiException.invalid(
                "max_tokens",
                query.maxTokens()
                    + " leaves no room for a prompt in the model's "
                    + model.contextTokens()
                    + "-token context")
            .with("limit", model.contextTokens() - 1);
      }
    } else if (properties.model() != null) {
      warnings.add(new AnswerWarning("model-unavailable", null, model.unavailableReason()));
    }
    if (!generative && query.expansion() != null && query.expansion().any()) {
      warnings.add(
          new AnswerWarning(
              "expansion-unavailable",
              null,
              "the expansions asked for ("
                  + String.join(", ", query.expansion().names())
                  + ") need a generative model; retrieved with the question alone"));
    }
    RetrieveResponse retrieved =
        retrieval.retrieve(
            new RetrieveRequest(
                query.question(),
                null,
                query.collection(),
                query.filters().isEmpty() ? null : query.filters(),
                properties.candidates(),
                RetrievalMode.HYBRID,
                null,
                null),
            query.expansion());
    long retrievedAt = System.nanoTime();
    if (retrieved.degraded()) {
      warnings.add(
          new AnswerWarning(
              "retrieval-degraded", null, String.join("; ", retrieved.degradedReasons())));
    }
    List<RetrievedChunk> hits = retrieved.hits() == null ? List.of() : retrieved.hits();
    List<Candidate> reranked = List.of();
    boolean wasReranked = false;
    if (!hits.isEmpty()) {
      RerankOutcome outcome =
          rerank.rerank(
              query.question(),
              hits.stream().map(h -> h.text() == null ? "" : h.text()).toList(),
              Math.min(hits.size(), properties.contextSources() * 2));
      wasReranked = outcome.reranked();
      if (outcome.degraded()) {
        warnings.add(new AnswerWarning("rerank-unavailable", null, outcome.degradedReason()));
      }
      List<Candidate> ordered = new ArrayList<>();
      for (int i = 0; i < outcome.order().size(); i++) {
        RetrievedChunk hit = hits.get(outcome.order().get(i));
        Float score = outcome.scores() == null ? null : outcome.scores().get(i);
        ordered.add(Candidate.of(hit, i + 1, score == null ? hit.score() : score));
      }
      reranked = ContextAssembler.deduplicate(ordered);
    }
    long rerankedAt = System.nanoTime();
    List<Source> sources;
    Prompt prompt = null;
    if (generative && !reranked.isEmpty()) {
      prompt =
          new PromptBuilder(model.promptFormat())
              .build(query.question(), reranked, properties.contextSources(), budget);
      sources = prompt.sources();
      if (sources.isEmpty()) {
        warnings.add(
            new AnswerWarning(
                "no-source-fits",
                null,
                "no source fits the model's "
                    + model.contextTokens()
                    + "-token context next to the instructions and max_tokens "
                    + query.maxTokens()
                    + "; lower max_tokens"));
      }
    } else {
      sources =
          ContextAssembler.number(
              reranked.subList(0, Math.min(properties.contextSources(), reranked.size())));
    }
    warnings.addAll(injectionWarnings(sources));
    var stages =
        new PreparedAnswer.Stages(start, ms(retrievedAt - start), ms(rerankedAt - retrievedAt));
    return new PreparedAnswer(query, generative, sources, prompt, wasReranked, warnings, stages);
  }

  /**
   * Produces the answer {@link #prepare} prepared into {@code sink}: generated, or extracted from
   * the sources; returns early (generation cancelled) when the sink reports the client gone.
   */
  public void stream(PreparedAnswer prepared, AnswerSink sink) throws IOException {
    writer.write(prepared, sink);
  }

  /** One {@code prompt-injection} warning per source that holds instruction-like text. */
  static List<AnswerWarning> injectionWarnings(List<Source> sources) {
    return sources.stream()
        .filter(Source::injectionSuspected)
        .map(
            s ->
                new AnswerWarning(
                    "prompt-injection",
                    s.number(),
                    "source "
                        + s.number()
                        + " contains instruction-like text; it was treated as data and not followed"))
        .toList();
  }

  /** The whole answer at once (the JSON form of the APIs). */
  public Answer answer(AnswerQuery query) {
    return answer(prepare(query));
  }

  /** The whole answer {@link #prepare} prepared, at once. */
  public Answer answer(PreparedAnswer prepared) {
    var collected = new CollectingSink();
    try {
      stream(prepared, collected);
    } catch (IOException e) {
      throw new IllegalStateException("an in-memory sink cannot fail", e);
    }
    if (collected.answer == null) {
      throw new ApiException(ProblemType.INTERNAL, "the answer did not complete");
    }
    return collected.answer;
  }

  static double ms(long nanos) {
    return Math.round(nanos / 10_000.0) / 100.0;
  }

  /** Keeps the final answer only. */
  private static final class CollectingSink implements AnswerSink {
    Answer answer;

    @Override
    public void sources(List<SourceView> sources, String mode) {}

    @Override
    public void delta(String text) {}

    @Override
    public void done(Answer answer) {
      this.answer = answer;
    }
  }
}
