package dev.rag.ops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.ops.config.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class DashboardFilesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<JsonNode> dashboards() throws Exception {
    List<JsonNode> dashboards = new ArrayList<>();
    for (Path file : Repository.files("ops/grafana/dashboards", ".json")) {
      dashboards.add(JSON.readTree(Files.readString(file)));
    }
    return dashboards;
  }

  @Test
  void providesTheFourDashboardsOperatorsLookFor() throws Exception {
    assertThat(dashboards())
        .extracting(d -> d.path("uid").asString())
        .containsExactlyInAnyOrder(
            "rag-overview", "rag-ingestion", "rag-retrieval", "rag-generation");
    for (Path file : Repository.files("ops/grafana/dashboards", ".json")) {
      assertThat(JSON.readTree(Files.readString(file)).path("uid").asString() + ".json")
          .isEqualTo(file.getFileName().toString());
    }
  }

  @Test
  void everyPanelHasAPlaceATitleAndAQuery() throws Exception {
    for (JsonNode dashboard : dashboards()) {
      Set<Integer> ids = new HashSet<>();
      assertThat(dashboard.path("panels")).as(dashboard.path("uid").asString()).isNotEmpty();
      for (JsonNode panel : dashboard.path("panels")) {
        String where = dashboard.path("uid").asString() + " / " + panel.path("title").asString();
        assertThat(ids.add(panel.path("id").asInt())).as(where + " has a unique id").isTrue();
        assertThat(panel.path("title").asString()).as(where).isNotBlank();
        assertThat(panel.path("description").asString())
            .as(where + " says what it shows")
            .isNotBlank();
        assertThat(panel.path("gridPos").path("w").asInt()).as(where).isPositive();
        assertThat(panel.path("targets")).as(where).isNotEmpty();
        for (JsonNode target : panel.path("targets")) {
          assertThat(target.path("expr").asString()).as(where).isNotBlank();
          assertThat(target.path("datasource").path("uid").asString())
              .as(where)
              .isEqualTo("prometheus");
        }
      }
    }
  }

  @Test
  void chartsTheMetricsTheIssueAsksFor() throws Exception {
    StringBuilder all = new StringBuilder();
    for (JsonNode dashboard : dashboards()) {
      dashboard
          .path("panels")
          .forEach(
              p ->
                  p.path("targets")
                      .forEach(t -> all.append(t.path("expr").asString()).append('\n')));
    }
    assertThat(all.toString())
        .contains(
            "rag_ingest_documents_total",
            "rag_ingest_chunks_total",
            "rag_ingest_failures_total",
            "rag_ingest_dead_letters_total",
            "rag_embedding_processor_dead_letters_total",
            "rag_retrieval_records_dead_lettered_total",
            "kafka_consumer_fetch_manager_records_lag",
            "rag_embedding_batch_size_texts",
            "rag_embedding_passages_total",
            "rag_retrieval_stage_seconds_bucket",
            "rag_rerank_pairs_total",
            "rag_generation_time_to_first_token_seconds",
            "rag_generation_decode_tokens_total",
            "rag_generation_sequences",
            "rag_generation_kv_blocks_used_blocks",
            "rag_generation_kv_blocks_shared_blocks",
            "rag_gateway_cache_requests_total",
            "rag_gateway_rate_limited_total",
            "resilience4j_circuitbreaker_state",
            "http_server_requests_seconds_bucket");
  }

  @Test
  void awaitsOnlyMetricsThatAPanelCharts() throws Exception {
    StringBuilder all = new StringBuilder();
    for (JsonNode dashboard : dashboards()) {
      dashboard
          .path("panels")
          .forEach(
              p ->
                  p.path("targets")
                      .forEach(t -> all.append(t.path("expr").asString()).append('\n')));
    }
    List<String> lines =
        Repository.read("ops/grafana/awaited-metrics.txt")
            .lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    for (String line : lines) {
      String[] parts = line.split("\\s+");
      assertThat(parts.length)
          .as(line + " names metric, module and meaning")
          .isGreaterThanOrEqualTo(3);
      assertThat(all.toString()).as("a panel charts " + parts[0]).contains(parts[0]);
      assertThat(Repository.SERVICES).as(line).contains(parts[1]);
    }
  }
}
