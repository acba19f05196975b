package dev.rag.eval.cli;

import dev.rag.cli.ArgumentReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parsed flags of {@code rag eval --answers}.
 *
 * @param set {@code --answers}: the question set, JSON Lines
 * @param collection {@code --collection}: the collection asked (default {@code $RAG_COLLECTION},
 *     else {@code samples})
 * @param url {@code --url}: the gateway (default {@code http://127.0.0.1:$RAG_GATEWAY_PORT})
 * @param concurrency {@code --concurrency}: questions in flight (default 1, so that latencies are
 *     those of one user; 1..64)
 * @param requestTimeout {@code --request-timeout}: seconds per answer (default 120)
 * @param curveStep {@code --curve STEP}: also print the abstention curve at thresholds 0, STEP, … 1
 *     (0: not printed; default 0)
 * @param details {@code --details F}: write one JSON line per question (answer and scores) to F
 * @param json {@code --json}: print only the report's JSON line
 * @param expansions {@code --expansions hyde,multi-query|none}: the query expansions every answer
 *     asks for (sent as the request's {@code expansions}); null: not sent, the platform's
 *     configured ones apply
 * @param apiKey {@code $RAG_API_KEY}, sent as a bearer token when set
 */
public record AnswerEvalOptions(
    Path set,
    String collection,
    URI url,
    int concurrency,
    Duration requestTimeout,
    double curveStep,
    Path details,
    boolean json,
    List<String> expansions,
    String apiKey) {

  static final List<String> EXPANSIONS = List.of("hyde", "multi-query");

  static final String USAGE =
      """
      usage: rag eval --answers SET.jsonl [--collection C] [--url U] [--concurrency N]
                      [--request-timeout S] [--curve STEP] [--details F.jsonl] [--json]
                      [--expansions hyde,multi-query|none]
        Asks every question of SET (one JSON object a line: "question", "answers": [...],
        "documentId", or "unanswerable": true) through /v1/answers and prints answer-contains-gold,
        token F1, gold-source-cited, abstention precision and recall and latency p50/p95, then one
        line of JSON (only the JSON with --json). --expansions asks every answer to retrieve
        also with a hypothetical answer (hyde) and/or the model's rewrites (multi-query), or with
        the question alone (none); without it the platform's settings apply. Exit status: 0 ok, 1 error, 2 usage, 3 some
        questions failed.""";

  static AnswerEvalOptions parse(String[] args, Map<String, String> env) {
    Path set = null;
    String collection = env.getOrDefault("RAG_COLLECTION", "samples");
    URI url = URI.create("http://127.0.0.1:" + env.getOrDefault("RAG_GATEWAY_PORT", "8080"));
    int concurrency = 1;
    int requestTimeout = 120;
    double curveStep = 0;
    Path details = null;
    boolean json = false;
    List<String> expansions = null;
    ArgumentReader flags = new ArgumentReader(args);
    while (flags.hasNext()) {
      switch (flags.next()) {
        case "--answers" -> set = Path.of(flags.value());
        case "--collection" -> collection = flags.value();
        case "--url" -> url = EvalOptions.url(flags.value());
        case "--concurrency" -> concurrency = flags.intValue(1, 64);
        case "--request-timeout" -> requestTimeout = flags.intValue(1, 3600);
        case "--curve" -> curveStep = step(flags.value());
        case "--details" -> details = Path.of(flags.value());
        case "--json" -> json = true;
        case "--expansions" -> expansions = expansions(flags.value());
        default -> throw flags.unknown();
      }
    }
    if (set == null) {
      throw new IllegalArgumentException("--answers needs the question set file");
    }
    if (!collection.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
      throw new IllegalArgumentException(
          "--collection '" + collection + "' must match [a-z0-9][a-z0-9_-]{0,63}");
    }
    return new AnswerEvalOptions(
        set,
        collection,
        url,
        concurrency,
        Duration.ofSeconds(requestTimeout),
        curveStep,
        details,
        json,
        expansions,
        env.get("RAG_API_KEY"));
  }

  /** {@code none}, or names from {@link #EXPANSIONS} separated by commas, each once. */
  private static List<String> expansions(String value) {
    if (value.equals("none")) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (String name : value.split(",", -1)) {
      if (!EXPANSIONS.contains(name) || names.contains(name)) {
        throw new IllegalArgumentException(
            "--expansions takes 'none' or hyde and/or multi-query separated by a comma, was '"
                + value
                + "'");
      }
      names.add(name);
    }
    return List.copyOf(names);
  }

  /** The expansions as a report names them: {@code configured}, {@code none}, {@code hyde}... */
  String expansionLabel() {
    if (expansions == null) {
      return "configured";
    }
    return expansions.isEmpty() ? "none" : String.join("+", expansions);
  }

  private static double step(String value) {
    try {
      double step = Double.parseDouble(value);
      if (step > 0 && step <= 0.5) {
        return step;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--curve must be a step in (0, 0.5], was '" + value + "'");
  }
}
