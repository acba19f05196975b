package dev.rag.eval.cli;

import dev.rag.eval.answers.AbstentionCurve;
import dev.rag.eval.answers.AnswerSummary;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The answer-quality report: a table for people and one JSON line for scripts, e.g. {@code
 * {"set":"samples","collection":"samples","questions":47,"failed":0,"answer_contains_gold":0.8,
 * "token_f1":0.21,"gold_cited":0.9,"abstention_precision":1.0,"abstention_recall":0.5,...}}. Rates
 * are rounded to four decimals, latencies to 0.1 ms; an undefined rate is {@code null}.
 *
 * @param set the set's name (its file name without {@code .jsonl})
 * @param collection the collection asked
 * @param expansions the query expansions asked for ({@code configured}: the platform's own)
 * @param summary the run at the platform's own decisions
 * @param curve the abstention curve (empty unless asked for and confidences were reported)
 */
record AnswerEvalReport(
    String set,
    String collection,
    String expansions,
    AnswerSummary summary,
    List<AbstentionCurve.Point> curve) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  String table() {
    AnswerSummary s = summary;
    StringBuilder out = new StringBuilder();
    out.append(
        "set %s, collection %s, expansions %s, %d questions, %d failed%n"
            .formatted(set, collection, expansions, s.questions(), s.failed()));
    row(out, "answer contains gold", s.containsGold());
    row(out, "token F1", s.f1());
    row(out, "gold source cited", s.goldCited());
    row(out, "abstention precision", s.abstentionPrecision());
    row(out, "abstention recall", s.abstentionRecall());
    row(out, "false abstention", s.falseAbstention());
    out.append("%-22s %8d%n".formatted("uncited answers", s.uncited()));
    out.append(
        String.format(
            Locale.ROOT,
            "%-22s %8.1f / %.1f%n",
            "latency p50 / p95 ms",
            s.latencyP50Ms(),
            s.latencyP95Ms()));
    if (!curve.isEmpty()) {
      out.append(
          "%nabstain below  contains-gold  gold-cited  abst-precision  abst-recall  false-abst%n"
              .formatted());
      for (AbstentionCurve.Point p : curve) {
        AnswerSummary c = p.summary();
        out.append(
            String.format(
                Locale.ROOT,
                "%13.2f  %13s  %10s  %14s  %11s  %10s%n",
                p.threshold(),
                rate(c.containsGold()),
                rate(c.goldCited()),
                rate(c.abstentionPrecision()),
                rate(c.abstentionRecall()),
                rate(c.falseAbstention())));
      }
    }
    return out.toString();
  }

  private static void row(StringBuilder out, String name, double value) {
    out.append("%-22s %8s%n".formatted(name, rate(value)));
  }

  private static String rate(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4f", value);
  }

  /** The one-line JSON summary. */
  String json() {
    ObjectNode root = JSON.createObjectNode();
    root.put("set", set);
    root.put("collection", collection);
    root.put("expansions", expansions);
    fill(root, summary);
    if (!curve.isEmpty()) {
      var points = root.putArray("curve");
      for (AbstentionCurve.Point p : curve) {
        ObjectNode point = points.addObject();
        point.put("threshold", EvalReport.round(p.threshold(), 4));
        fill(point, p.summary());
        List.of("questions", "failed", "latency_p50_ms", "latency_p95_ms").forEach(point::remove);
      }
    }
    return JSON.writeValueAsString(root);
  }

  private static void fill(ObjectNode node, AnswerSummary s) {
    node.put("questions", s.questions());
    node.put("failed", s.failed());
    put(node, "answer_contains_gold", s.containsGold(), 4);
    put(node, "token_f1", s.f1(), 4);
    put(node, "gold_cited", s.goldCited(), 4);
    put(node, "abstention_precision", s.abstentionPrecision(), 4);
    put(node, "abstention_recall", s.abstentionRecall(), 4);
    put(node, "false_abstention", s.falseAbstention(), 4);
    node.put("uncited", s.uncited());
    put(node, "latency_p50_ms", s.latencyP50Ms(), 1);
    put(node, "latency_p95_ms", s.latencyP95Ms(), 1);
  }

  private static void put(ObjectNode node, String name, double value, int decimals) {
    if (Double.isNaN(value)) {
      node.putNull(name);
    } else {
      node.put(name, EvalReport.round(value, decimals));
    }
  }
}
