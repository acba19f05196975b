package dev.rag.eval.cli;

import static dev.rag.contracts.retrieval.RetrievalMode.BM25;
import static dev.rag.contracts.retrieval.RetrievalMode.DENSE;
import static dev.rag.contracts.retrieval.RetrievalMode.HYBRID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rag.eval.beir.BeirDataset;
import dev.rag.eval.beir.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole command on the tiny fixture against a stand-in gateway. Judged queries: q1 (d1
 * relevant) and q2 (d3 grade 2, d2 grade 1). Expected values by hand: log2 3 = 1.58496.
 */
class EvalCommandTest {

  private static final String Q1 = "does aspirin help headaches";
  private static final String Q2 = "memory and sleep";

  /** q2 ranked [d2, d3]: DCG = 1 + 2/log2(3) = 2.26186, IDCG = 2 + 1/log2(3) = 2.63093. */
  private static final double Q2_SWAPPED_NDCG = 0.859719;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(StubGateway gateway, String... extra) {
    BeirDataset tiny = Fixtures.tiny();
    List<String> args =
        new ArrayList<>(
            List.of(
                "--corpus",
                tiny.corpus().toString(),
                "--queries",
                tiny.queries().toString(),
                "--qrels",
                tiny.qrels().toString(),
                "--url",
                gateway.url().toString(),
                "--kafka",
                "127.0.0.1:1",
                "--concurrency",
                "2"));
    args.addAll(List.of(extra));
    return EvalCommand.run(
        args.toArray(String[]::new),
        Map.of(),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private JsonNode jsonLine() {
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    return JsonMapper.builder().build().readTree(lines.getLast());
  }

  @Test
  void scoresEveryModeCountsFailuresAndReranksTheHybridList() throws Exception {
    try (StubGateway gateway = new StubGateway()) {
      gateway
          .answer(BM25, Q1, "d1", "d1", "d2")
          .answer(BM25, Q2, "d2", "d3")
          .answer(DENSE, Q1, "4", "d1")
          .fail(DENSE, Q2, 503)
          .answer(HYBRID, Q1, "d2", "d1")
          .degrade(HYBRID, Q1)
          .answer(HYBRID, Q2, "d3", "d2");

      int status = run(gateway, "--no-ingest");

      assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(EvalCommand.PARTIAL);
      JsonNode json = jsonLine();
      assertThat(json.path("dataset").asString()).isEqualTo("tiny");
      assertThat(json.path("collection").asString()).matches("eval-tiny-[0-9a-f]{8}");
      assertThat(json.path("queries").asInt()).isEqualTo(2);
      // bm25: q1 perfect (d1's second chunk collapses away); q2 swapped
      assertThat(json.at("/bm25/ndcg@10").asDouble())
          .isCloseTo((1 + Q2_SWAPPED_NDCG) / 2, within(1e-4));
      assertThat(json.at("/bm25/recall@100").asDouble()).isEqualTo(1.0);
      assertThat(json.at("/bm25/mrr@10").asDouble()).isEqualTo(1.0);
      // dense: q1 finds d1 second (nDCG 1/log2 3, RR 0.5); q2 failed and counts 0
      assertThat(json.at("/dense/ndcg@10").asDouble()).isCloseTo(0.630930 / 2, within(1e-4));
      assertThat(json.at("/dense/recall@100").asDouble()).isEqualTo(0.5);
      assertThat(json.at("/dense/mrr@10").asDouble()).isEqualTo(0.25);
      assertThat(json.at("/dense/failed").asInt()).isEqualTo(1);
      // hybrid: q1 [d2, d1] (degraded), q2 ideal
      assertThat(json.at("/hybrid/ndcg@10").asDouble()).isCloseTo((0.630930 + 1) / 2, within(1e-4));
      assertThat(json.at("/hybrid/mrr@10").asDouble()).isEqualTo(0.75);
      assertThat(json.at("/hybrid/degraded").asInt()).isEqualTo(1);
      // the stub cross-encoder reverses the hybrid list: q1 becomes ideal, q2 swapped
      assertThat(json.at("/hybrid+rerank/ndcg@10").asDouble())
          .isCloseTo((1 + Q2_SWAPPED_NDCG) / 2, within(1e-4));
      assertThat(json.at("/hybrid+rerank/mrr@10").asDouble()).isEqualTo(1.0);

      String table = out.toString(StandardCharsets.UTF_8);
      assertThat(table).contains("nDCG@10").contains("hybrid+rerank");
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains(
              "dense: 1 queries failed: HTTP 503: POST /v1/retrieve: Service Unavailable — index is warming up");
      // every judged query in every mode, asking 200 chunks deep from 200 candidates per retriever
      assertThat(gateway.retrieveRequests)
          .allSatisfy(
              r -> {
                assertThat(r.k()).isEqualTo(200);
                assertThat(r.candidates()).isEqualTo(200);
                assertThat(r.collection()).isEqualTo(json.path("collection").asString());
              });
      assertThat(gateway.retrieveRequests)
          .extracting(r -> r.query())
          .doesNotContain("a query nobody judged");
    }
  }

  @Test
  void rateLimitedQueriesAreRetriedAfterRetryAfterInsteadOfFailing() throws Exception {
    try (StubGateway gateway = new StubGateway()) {
      gateway
          .answer(BM25, Q1, "d1")
          .answer(BM25, Q2, "d3", "d2")
          .answer(DENSE, Q1, "d1")
          .answer(DENSE, Q2, "d3", "d2")
          .answer(HYBRID, Q1, "d1")
          .answer(HYBRID, Q2, "d3", "d2");
      gateway.rateLimited.set(5);

      int status = run(gateway, "--no-ingest", "--modes", "bm25,dense,hybrid");

      assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(jsonLine().at("/bm25/failed").asInt()).isZero();
      assertThat(gateway.rateLimited.get()).isZero();
    }
  }

  @Test
  void withoutARerankModelTheRerankRowIsSkippedWithTheReason() throws Exception {
    try (StubGateway gateway = new StubGateway()) {
      gateway.rerankModel = false;
      gateway.answer(BM25, Q1, "d1").answer(DENSE, Q1, "d1").answer(HYBRID, Q1, "d1");

      int status = run(gateway, "--no-ingest");

      assertThat(status).isZero();
      JsonNode json = jsonLine();
      assertThat(json.at("/hybrid+rerank/skipped").asString()).isEqualTo("model: none");
      assertThat(json.at("/hybrid+rerank/ndcg@10").isMissingNode()).isTrue();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains("hybrid+rerank  skipped (model: none)");
      // q2 retrieved nothing in any mode: scored 0, not failed
      assertThat(json.at("/bm25/mrr@10").asDouble()).isEqualTo(0.5);
      assertThat(json.at("/bm25/failed").asInt()).isZero();
    }
  }

  @Test
  void withJsonStdoutIsOnlyTheReportsJson() throws Exception {
    try (StubGateway gateway = new StubGateway()) {
      gateway.answer(BM25, Q1, "d1").answer(BM25, Q2, "d3", "d2");

      int status = run(gateway, "--no-ingest", "--modes", "bm25", "--json");

      assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
      List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
      assertThat(lines).hasSize(1);
      assertThat(jsonLine().at("/bm25/mrr@10").asDouble()).isEqualTo(1.0);
    }
  }

  @Test
  void reusesACollectionThatAlreadyHoldsTheWholeCorpusIndexed() throws Exception {
    try (StubGateway gateway = new StubGateway()) {
      gateway.registry =
          List.of(
              Map.of("id", "d1", "status", "INDEXED"),
              Map.of("id", "d2", "status", "INDEXED"),
              Map.of("id", "d3", "status", "INDEXED"),
              Map.of("id", "4", "status", "INDEXED"));
      gateway.answer(BM25, Q1, "d1");

      // Kafka points at a closed port: any publishing attempt would fail the run
      int status = run(gateway, "--modes", "bm25");

      assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("already holds all 4 documents indexed: reusing it");
      assertThat(jsonLine().has("dense")).isFalse();
    }
  }

  @Test
  void stopsWithOneClearErrorWhenThePlatformRefusesTheFirstQuery() throws Exception {
    try (StubGateway gateway = new StubGateway()) {
      gateway.fail(BM25, Q1, 503);
      int status = run(gateway, "--no-ingest");
      assertThat(status).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("error: the first query failed in mode bm25");
      assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
  }

  @Test
  void helpPrintsTheUsage() {
    int status =
        EvalCommand.run(
            new String[] {"--help"},
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("usage: rag eval --corpus F --queries F --qrels F");
  }

  @Test
  void usageErrorsExitWithTwo() {
    int status =
        EvalCommand.run(
            new String[] {"--corpus", "x"},
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--corpus, --queries and --qrels are required")
        .contains("usage: rag eval");
  }
}
