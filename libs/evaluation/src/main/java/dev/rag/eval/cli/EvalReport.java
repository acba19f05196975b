package dev.rag.eval.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The result of one evaluation: a table for people and one JSON line for scripts, e.g. {@code
 * {"dataset":"scifact","collection":"eval-scifact-ae39e2b3","queries":809,
 * "bm25":{"ndcg@10":0.6651,"recall@100":0.9213,"mrr@10":0.6312,...},...}}. Means are rounded to
 * four decimals, the precision BEIR tables print with room to spare.
 *
 * @param dataset the dataset name (the corpus folder)
 * @param collection the evaluated collection
 * @param queries evaluated queries
 * @param modes one report per mode, in evaluation order
 */
record EvalReport(String dataset, String collection, int queries, List<ModeReport> modes) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  EvalReport {
    modes = List.copyOf(modes);
  }

  String table() {
    StringBuilder out = new StringBuilder();
    out.append("dataset %s, collection %s, %d queries%n".formatted(dataset, collection, queries));
    out.append(
        "%-14s %8s %10s %7s %7s %8s %8s%n"
            .formatted("mode", "nDCG@10", "Recall@100", "MRR@10", "failed", "degraded", "mean ms"));
    for (ModeReport mode : modes) {
      if (mode.skipped() != null) {
        out.append("%-14s skipped (%s)%n".formatted(mode.mode().label(), mode.skipped()));
        continue;
      }
      Map<String, Double> m = mode.means();
      out.append(
          String.format(
              Locale.ROOT,
              "%-14s %8.4f %10.4f %7.4f %7d %8d %8.1f%n",
              mode.mode().label(),
              m.get("ndcg@10"),
              m.get("recall@100"),
              m.get("mrr@10"),
              mode.failed(),
              mode.degraded(),
              mode.meanLatencyMs()));
    }
    return out.toString();
  }

  /** The one-line JSON summary. */
  String json() {
    ObjectNode root = JSON.createObjectNode();
    root.put("dataset", dataset);
    root.put("collection", collection);
    root.put("queries", queries);
    for (ModeReport mode : modes) {
      ObjectNode node = root.putObject(mode.mode().label());
      if (mode.skipped() != null) {
        node.put("skipped", mode.skipped());
        continue;
      }
      mode.means().forEach((name, mean) -> node.put(name, round(mean, 4)));
      node.put("failed", mode.failed());
      node.put("degraded", mode.degraded());
      node.put("latency_ms", round(mode.meanLatencyMs(), 1));
    }
    return JSON.writeValueAsString(root);
  }

  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
