package dev.rag.eval.beir;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The queries that get evaluated: those of the queries file with at least one relevant judgement,
 * in file order. As in BEIR, queries without judgements are skipped (a queries file usually covers
 * every split, a qrels file one split); so are queries judged only non-relevant, whose scores are
 * undefined. Judged ids missing from the queries file are listed: they point at a mismatched pair
 * of files.
 *
 * @param queries evaluated, in queries-file order
 * @param unjudged queries skipped because the qrels do not mention them
 * @param withoutRelevant queries skipped because no judged document is relevant
 * @param judgedButMissing query ids of the qrels absent from the queries file
 */
public record EvaluationSet(
    List<JudgedQuery> queries, int unjudged, int withoutRelevant, List<String> judgedButMissing) {

  public EvaluationSet {
    queries = List.copyOf(queries);
    judgedButMissing = List.copyOf(judgedButMissing);
  }

  public static EvaluationSet of(Map<String, Query> queries, Qrels qrels) {
    List<JudgedQuery> judged = new ArrayList<>();
    int unjudged = 0;
    int withoutRelevant = 0;
    for (Query query : queries.values()) {
      var judgements = qrels.of(query.id());
      if (judgements.isEmpty()) {
        unjudged++;
      } else if (!judgements.get().hasRelevant()) {
        withoutRelevant++;
      } else {
        judged.add(new JudgedQuery(query, judgements.get()));
      }
    }
    Set<String> missing = new LinkedHashSet<>(qrels.byQuery().keySet());
    missing.removeAll(queries.keySet());
    return new EvaluationSet(judged, unjudged, withoutRelevant, new ArrayList<>(missing));
  }
}
