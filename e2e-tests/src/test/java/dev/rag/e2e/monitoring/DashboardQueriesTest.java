package dev.rag.e2e.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.rag.e2e.RunningPlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every Grafana panel and every alert rule of {@code ops/} against the running platform: a real
 * Prometheus scrapes the six services every 2 s while a small workload runs (the samples ingested,
 * retrievals in each mode, embeddings, reranks, answers), then each panel query and alert
 * expression is evaluated through {@code /api/v1/query}. A query error fails, and so does a panel
 * whose query returns no series: a chart that stays empty in Grafana is a broken chart. Panels that
 * wait only for a metric listed in {@code ops/grafana/awaited-metrics.txt} are skipped, naming the
 * metric and its module.
 */
@Order(50)
class DashboardQueriesTest {

  private static final Path OPS = RunningPlatform.ROOT.resolve("ops");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LAG = "kafka_consumer_fetch_manager_records_lag{topic=~\"rag[.].+\"}";
  private static PrometheusServer prometheus;
  private static Map<String, String> awaited;

  @BeforeAll
  static void scrapeTheRunningPlatformUnderLoad() throws Exception {
    RunningPlatform.get();
    awaited = AwaitedMetrics.read(OPS.resolve("grafana/awaited-metrics.txt"));
    Files.createDirectories(Path.of("target"));
    prometheus =
        PrometheusServer.start(
            Files.createTempDirectory(Path.of("target").toAbsolutePath(), "prometheus-"),
            RunningPlatform.PORTS,
            OPS.resolve("prometheus/rules"));
    Workload.run();
    awaitScrapedAfterWorkload();
  }

  @AfterAll
  static void stopPrometheus() throws InterruptedException {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  /**
   * Until every service is scraped healthy, the workload's counters show in Prometheus, and the
   * three consumers of the write path report lag. Micrometer binds a Kafka client's per-partition
   * metrics when it next looks for new ones (once a minute), so on a fresh broker they appear up to
   * a minute after the first fetch.
   */
  private static void awaitScrapedAfterWorkload() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
    while (true) {
      boolean allUp = prometheus.series("up{job=\"rag\"} == 1") == RunningPlatform.PORTS.size();
      boolean ingested = prometheus.series("rag_ingest_chunks_total > 0") > 0;
      boolean retrieved = prometheus.series("rag_retrieval_search_seconds_count > 0") > 0;
      int lagReporters = prometheus.series("count by (service) (" + LAG + ")");
      if (allUp && ingested && retrieved && lagReporters >= 3) {
        break;
      }
      if (System.nanoTime() > deadline) {
        fail(
            "Prometheus did not see the workload within 150 s (all up: "
                + allUp
                + ", ingested: "
                + ingested
                + ", retrieved: "
                + retrieved
                + ", services reporting consumer lag: "
                + lagReporters
                + ")\ntargets: "
                + prometheus.targets()
                + "\nlog:\n"
                + prometheus.log());
      }
      Thread.sleep(500);
    }
    // A few more scrapes so rate() over the workload has at least two samples on both sides of it.
    Thread.sleep(PrometheusServer.SCRAPE_INTERVAL.toMillis() * 3);
  }

  @TestFactory
  Stream<DynamicNode> everyPanelQueryAnswersWithSeries() throws Exception {
    List<Path> dashboards;
    try (Stream<Path> files = Files.list(OPS.resolve("grafana/dashboards"))) {
      dashboards = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(dashboards).hasSizeGreaterThanOrEqualTo(4);
    List<DynamicNode> nodes = new ArrayList<>();
    for (Path file : dashboards) {
      JsonNode dashboard = JSON.readTree(Files.readString(file));
      List<DynamicTest> panels = new ArrayList<>();
      for (JsonNode panel : dashboard.path("panels")) {
        for (JsonNode target : panel.path("targets")) {
          String expr = target.path("expr").asString();
          String name =
              panel.path("title").asString() + " [" + target.path("refId").asString() + "]";
          panels.add(DynamicTest.dynamicTest(name, () -> answersWithSeries(expr)));
        }
      }
      nodes.add(DynamicContainer.dynamicContainer(file.getFileName().toString(), panels));
    }
    return nodes.stream();
  }

  private static void answersWithSeries(String expr) {
    JsonNode answer = prometheus.query(expr);
    assertThat(answer.path("status").asString()).as("%s\n%s", expr, answer).isEqualTo("success");
    if (!answer.path("data").path("result").isEmpty()) {
      return;
    }
    Set<String> missing = missingMetrics(expr);
    Set<String> missingAwaited = new TreeSet<>(missing);
    missingAwaited.retainAll(awaited.keySet());
    if (!missingAwaited.isEmpty()) {
      abort(
          "waits for "
              + missingAwaited.stream().map(m -> m + " (" + awaited.get(m) + ")").toList());
    }
    fail(
        "no series for "
            + expr
            + (missing.isEmpty() ? "" : "; metrics without any series: " + missing));
  }

  private static Set<String> missingMetrics(String expr) {
    Set<String> missing = new TreeSet<>();
    for (String metric : MetricNames.in(expr)) {
      if (prometheus.series("count({__name__=\"" + metric + "\"})") == 0) {
        missing.add(metric);
      }
    }
    return missing;
  }

  @TestFactory
  Stream<DynamicNode> everyAlertExpressionEvaluatesOverExistingMetrics() throws Exception {
    List<DynamicNode> nodes = new ArrayList<>();
    for (Map<String, Object> rule : alertRules()) {
      String alert = String.valueOf(rule.get("alert"));
      String expr = String.valueOf(rule.get("expr"));
      nodes.add(
          DynamicTest.dynamicTest(
              alert,
              () -> {
                JsonNode answer = prometheus.query(expr);
                assertThat(answer.path("status").asString())
                    .as("%s\n%s", expr, answer)
                    .isEqualTo("success");
                Set<String> missing = missingMetrics(expr);
                Set<String> notAwaited = new TreeSet<>(missing);
                notAwaited.removeAll(awaited.keySet());
                assertThat(notAwaited)
                    .as("metrics of %s that no service exposes: the alert could never fire", alert)
                    .isEmpty();
                if (!missing.isEmpty()) {
                  abort("waits for " + missing);
                }
              }));
    }
    assertThat(nodes).hasSizeGreaterThanOrEqualTo(5);
    return nodes.stream();
  }

  @Test
  void everyKafkaConsumerReportsItsLag() {
    JsonNode answer = prometheus.query("count by (service, topic) (" + LAG + ")");
    Set<String> consumers = new TreeSet<>();
    answer
        .path("data")
        .path("result")
        .forEach(
            r ->
                consumers.add(
                    r.path("metric").path("service").asString()
                        + " "
                        + r.path("metric").path("topic").asString()));
    // The lag panels and RagConsumerLagGrowing see every hop of the write path.
    assertThat(consumers)
        .contains(
            "ingest-service rag.documents",
            "embedding-service rag.chunks",
            "retrieval-service rag.embedded-chunks");
  }

  @Test
  void prometheusLoadsAndEvaluatesEveryAlertRule() throws Exception {
    int expected = alertRules().size();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<String> problems;
    do {
      problems = new ArrayList<>();
      int evaluated = 0;
      for (JsonNode group : prometheus.rules().path("data").path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          if (!"ok".equals(rule.path("health").asString())) {
            problems.add(
                rule.path("name").asString()
                    + ": "
                    + rule.path("health").asString()
                    + " "
                    + rule.path("lastError").asString());
          } else {
            evaluated++;
          }
        }
      }
      if (problems.isEmpty() && evaluated == expected) {
        return;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    fail(
        "rules not loaded and evaluated cleanly (expected "
            + expected
            + "): "
            + problems
            + "\n"
            + prometheus.rules());
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> alertRules() throws Exception {
    List<Map<String, Object>> rules = new ArrayList<>();
    try (Stream<Path> files = Files.list(OPS.resolve("prometheus/rules"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
        Map<String, Object> root = new Yaml().load(Files.readString(file));
        for (Object group : (List<Object>) root.get("groups")) {
          for (Object rule : (List<Object>) ((Map<String, Object>) group).get("rules")) {
            if (((Map<String, Object>) rule).containsKey("alert")) {
              rules.add((Map<String, Object>) rule);
            }
          }
        }
      }
    }
    return rules;
  }
}
