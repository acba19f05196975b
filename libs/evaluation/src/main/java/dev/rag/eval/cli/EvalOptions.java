package dev.rag.eval.cli;

import dev.rag.cli.ArgumentReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Parsed flags of {@code rag eval}.
 *
 * @param corpus {@code --corpus}: corpus.jsonl, plain or gzip
 * @param queries {@code --queries}: queries.jsonl
 * @param qrels {@code --qrels}: qrels TSV
 * @param url {@code --url}: the gateway (default {@code http://127.0.0.1:$RAG_GATEWAY_PORT}, port
 *     8080)
 * @param kafka {@code --kafka}: bootstrap servers (default {@code $RAG_KAFKA_BOOTSTRAP}, else
 *     {@code 127.0.0.1:9092})
 * @param timeout {@code --timeout}: seconds for ingestion to finish (default 3600)
 * @param concurrency {@code --concurrency}: queries in flight (default 4, 1..64)
 * @param depth {@code --depth}: chunks asked per query, also each retriever's candidates before
 *     fusion (default 200, 1..1000); documents are cut at 100 after collapsing chunks
 * @param rerankDepth {@code --rerank-depth}: hybrid chunks the cross-encoder reorders (default 50,
 *     at most {@code depth})
 * @param modes {@code --modes}: comma-separated subset of bm25,dense,hybrid,hybrid+rerank (default
 *     all; hybrid+rerank is skipped with a reason when no rerank model is installed)
 * @param collection {@code --collection}: evaluate this collection instead of the derived one
 * @param ingest false with {@code --no-ingest}: assume the collection is already indexed
 * @param requestTimeout {@code --request-timeout}: seconds per HTTP request (default 120)
 * @param json {@code --json}: print only the report's JSON on stdout, not the table
 * @param apiKey {@code $RAG_API_KEY}, sent as a bearer token when set
 */
public record EvalOptions(
    Path corpus,
    Path queries,
    Path qrels,
    URI url,
    String kafka,
    Duration timeout,
    int concurrency,
    int depth,
    int rerankDepth,
    Set<EvalMode> modes,
    String collection,
    boolean ingest,
    Duration requestTimeout,
    boolean json,
    String apiKey) {

  static final String USAGE =
      """
      usage: rag eval --corpus F --queries F --qrels F [--url U] [--kafka HOST:PORT]
                      [--timeout S] [--concurrency N] [--depth K] [--rerank-depth N]
                      [--modes bm25,dense,hybrid,hybrid+rerank] [--collection C] [--no-ingest]
                      [--request-timeout S] [--json]
        Ingests a BEIR corpus through Kafka (once per corpus content), runs every judged query
        through /v1/retrieve in each mode and prints nDCG@10, Recall@100 and MRR@10 per mode,
        then one line of JSON (only the JSON with --json). Exit status: 0 ok, 1 error, 2 usage, 3 some queries failed.""";

  public static EvalOptions parse(String[] args, Map<String, String> env) {
    Path corpus = null;
    Path queries = null;
    Path qrels = null;
    String port = env.getOrDefault("RAG_GATEWAY_PORT", "8080");
    URI url = URI.create("http://127.0.0.1:" + port);
    String kafka = env.getOrDefault("RAG_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    int timeout = 3600;
    int concurrency = 4;
    int depth = 200;
    int rerankDepth = 50;
    Set<EvalMode> modes = EnumSet.allOf(EvalMode.class);
    String collection = null;
    boolean ingest = true;
    int requestTimeout = 120;
    boolean json = false;
    ArgumentReader flags = new ArgumentReader(args);
    while (flags.hasNext()) {
      switch (flags.next()) {
        case "--corpus" -> corpus = Path.of(flags.value());
        case "--queries" -> queries = Path.of(flags.value());
        case "--qrels" -> qrels = Path.of(flags.value());
        case "--url" -> url = url(flags.value());
        case "--kafka" -> kafka = flags.value();
        case "--timeout" -> timeout = flags.intValue(1, 7 * 24 * 3600);
        case "--concurrency" -> concurrency = flags.intValue(1, 64);
        case "--depth" -> depth = flags.intValue(1, 1000);
        case "--rerank-depth" -> rerankDepth = flags.intValue(1, 1000);
        case "--modes" -> modes = modes(flags.value());
        case "--collection" -> collection = flags.value();
        case "--no-ingest" -> ingest = false;
        case "--request-timeout" -> requestTimeout = flags.intValue(1, 3600);
        case "--json" -> json = true;
        default -> throw flags.unknown();
      }
    }
    if (corpus == null || queries == null || qrels == null) {
      throw new IllegalArgumentException("--corpus, --queries and --qrels are required");
    }
    if (rerankDepth > depth) {
      throw new IllegalArgumentException(
          "--rerank-depth "
              + rerankDepth
              + " exceeds --depth "
              + depth
              + " (only retrieved chunks can be reranked)");
    }
    if (collection != null && !collection.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
      throw new IllegalArgumentException(
          "--collection '" + collection + "' must match [a-z0-9][a-z0-9_-]{0,63}");
    }
    return new EvalOptions(
        corpus,
        queries,
        qrels,
        url,
        kafka,
        Duration.ofSeconds(timeout),
        concurrency,
        depth,
        rerankDepth,
        modes,
        collection,
        ingest,
        Duration.ofSeconds(requestTimeout),
        json,
        env.get("RAG_API_KEY"));
  }

  private static Set<EvalMode> modes(String list) {
    Set<EvalMode> modes = EnumSet.noneOf(EvalMode.class);
    for (String label : list.split(",")) {
      if (!label.isBlank()) {
        modes.add(EvalMode.parse(label));
      }
    }
    if (modes.isEmpty()) {
      throw new IllegalArgumentException("--modes names no mode");
    }
    return modes;
  }

  static URI url(String value) {
    try {
      URI uri = URI.create(value);
      if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
        throw new IllegalArgumentException("--url must be an http(s) URL, was '" + value + "'");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--url must be an http(s) URL, was '" + value + "'", e);
    }
  }
}
