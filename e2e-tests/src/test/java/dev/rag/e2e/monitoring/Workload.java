package dev.rag.e2e.monitoring;

import static dev.rag.e2e.RunningPlatform.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.e2e.RunningPlatform;
import java.net.http.HttpResponse;

/**
 * A small workload that touches every metered path: the samples uploaded through the gateway
 * (parse, chunk, embed, index), retrievals in each mode, embeddings, reranks and answers asked of
 * the services directly.
 */
final class Workload {

  /** A new collection per run: re-uploading into a kept state directory would publish no chunks. */
  static final String COLLECTION = "e2e-metrics-" + Long.toString(System.currentTimeMillis(), 36);

  private Workload() {}

  static void run() throws Exception {
    RunningPlatform.Command ingest =
        RunningPlatform.rag("ingest", "samples", "--collection", COLLECTION);
    assertThat(ingest.exitCode()).as(ingest.output()).isZero();
    int retrieval = RunningPlatform.PORTS.get("retrieval-service");
    for (String mode : new String[] {"bm25", "dense", "hybrid"}) {
      for (String query :
          new String[] {"how long must tap water be boiled", "lead in drinking water"}) {
        ok(
            postJson(
                retrieval,
                "/v1/retrieve",
                "{\"query\":\""
                    + query
                    + "\",\"collection\":\""
                    + COLLECTION
                    + "\",\"mode\":\""
                    + mode
                    + "\",\"k\":5}"));
      }
    }
    int embedding = RunningPlatform.PORTS.get("embedding-service");
    for (int i = 0; i < 3; i++) {
      ok(
          postJson(
              embedding,
              "/v1/embeddings",
              "{\"input\":[\"boil water notice " + i + "\",\"pipe burst\"]}"));
    }
    int rerank = RunningPlatform.PORTS.get("rerank-service");
    for (int i = 0; i < 2; i++) {
      ok(
          postJson(
              rerank,
              "/v1/rerank",
              "{\"query\":\"water quality\",\"documents\":[\"chlorine levels\",\"billing address\"]}"));
    }
    int generation = RunningPlatform.PORTS.get("generation-service");
    for (String question :
        new String[] {"How long should I boil tap water?", "Who do I call about a burst pipe?"}) {
      ok(
          postJson(
              generation,
              "/v1/answers",
              "{\"question\":\"" + question + "\",\"collection\":\"" + COLLECTION + "\"}"));
    }
  }

  private static void ok(HttpResponse<String> response) {
    assertThat(response.statusCode())
        .as("%s %s", response.uri(), response.body())
        .isBetween(200, 299);
  }
}
