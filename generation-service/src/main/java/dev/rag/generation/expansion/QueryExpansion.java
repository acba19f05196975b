package dev.rag.generation.expansion;

import dev.rag.contracts.retrieval.RetrievalMode;
import dev.rag.contracts.retrieval.RetrieveRequest;
import dev.rag.contracts.retrieval.RetrieveResponse;
import dev.rag.generation.llm.CompletionRequest;
import dev.rag.generation.llm.LanguageModel;
import dev.rag.generation.retrieval.RetrievalClient;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Retrieval for an answer: the question's own hybrid search, and, with a generative model and
 * {@code rag.generation.retrieval.hyde} or {@code .multi-query} on, the searches of what the model
 * writes for it, fused by Reciprocal Rank Fusion. The question's own search decides failures (its
 * problems are the answer's); an expansion that fails, times out or cannot fit the model's window
 * is left out and the answer goes on with what was found.
 */
@Component
public class QueryExpansion {

  private static final Logger log = LoggerFactory.getLogger(QueryExpansion.class);

  static final String HYDE_INSTRUCTION =
      "Write a short passage that answers the question, in the words a reference document would"
          + " use. Write only the passage.";

  static final String MULTI_QUERY_INSTRUCTION =
      "Write %d different search queries that would find documents answering the question, one"
          + " per line, without numbering or any other text.";

  /** Numbering and bullets models put before list items anyway. */
  private static final Pattern LIST_MARKER = Pattern.compile("^\\s*(?:[-*•]|\\d+[.)])\\s*");

  private static final int LONGEST_QUERY = 300;

  private final RetrievalClient retrieval;
  private final LanguageModel model;
  private final ExpansionProperties properties;

  public QueryExpansion(
      RetrievalClient retrieval, LanguageModel model, ExpansionProperties properties) {
    this.retrieval = retrieval;
    this.model = model;
    this.properties = properties;
  }

  /** The hits for {@code request}, expanded and fused when configured. */
  public RetrieveResponse retrieve(RetrieveRequest request) {
    return retrieve(request, null);
  }

  /**
   * The hits for {@code request}, expanded as {@code chosen} says (null: as configured) and fused.
   */
  public RetrieveResponse retrieve(RetrieveRequest request, Expansion chosen) {
    Expansion runs = chosen != null ? chosen : Expansion.configured(properties);
    RetrieveResponse own = retrieval.retrieve(request);
    if (!model.available() || !runs.any()) {
      return own;
    }
    List<RetrieveRequest> expansions = new ArrayList<>();
    if (runs.multiQuery()) {
      for (String query : rewrites(request.query())) {
        expansions.add(withQuery(request, query, request.mode()));
      }
    }
    if (runs.hyde()) {
      hypotheticalAnswer(request.query())
          .ifPresent(passage -> expansions.add(withQuery(request, passage, RetrievalMode.DENSE)));
    }
    List<RetrieveResponse> all = new ArrayList<>(List.of(own));
    for (RetrieveRequest expansion : expansions) {
      try {
        all.add(retrieval.retrieve(expansion));
      } catch (RuntimeException e) {
        log.warn("an expanded query's retrieval failed; fusing without it: {}", e.toString());
      }
    }
    int limit = request.k() == null ? own.hits().size() : request.k();
    return RankFusion.fuse(all, limit, properties.rrfK());
  }

  /** The model's rewrites of {@code question}: distinct lines, without list markers. */
  List<String> rewrites(String question) {
    Set<String> queries = new LinkedHashSet<>();
    ask(MULTI_QUERY_INSTRUCTION.formatted(properties.queries()), question)
        .ifPresent(
            reply ->
                reply
                    .lines()
                    .map(l -> LIST_MARKER.matcher(l).replaceFirst("").strip())
                    .filter(l -> l.length() >= 3 && l.length() <= LONGEST_QUERY)
                    .filter(l -> !l.equalsIgnoreCase(question.strip()))
                    .forEach(queries::add));
    return queries.stream().limit(properties.queries()).toList();
  }

  /** The model's passage answering {@code question}, to be embedded and searched with. */
  Optional<String> hypotheticalAnswer(String question) {
    return ask(HYDE_INSTRUCTION, question).map(String::strip).filter(p -> p.length() >= 3);
  }

  private Optional<String> ask(String instruction, String question) {
    String prompt = model.promptFormat().render(instruction, "Question: " + question.strip());
    if (model.promptFormat().tokens(prompt) + properties.maxTokens() > model.contextTokens()) {
      return Optional.empty();
    }
    return model.completeWithin(
        CompletionRequest.greedy(prompt, properties.maxTokens()), properties.timeout());
  }

  private static RetrieveRequest withQuery(
      RetrieveRequest request, String query, RetrievalMode mode) {
    return new RetrieveRequest(
        query,
        request.collections(),
        request.collection(),
        request.filters(),
        request.k(),
        mode,
        request.candidates(),
        request.efSearch());
  }
}
