package dev.rag.e2e.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The metric names DashboardQueriesTest looks up when a query answers with no series. */
class MetricNamesTest {

  @Test
  void findsMetricsButNotFunctionsLabelsOrKeywords() {
    assertThat(
            MetricNames.in(
                "histogram_quantile(0.99, sum by (service, le) "
                    + "(rate(http_server_requests_seconds_bucket{uri=~\"/v1/.*\", outcome=\"SERVER_ERROR\"}[5m]))) > 5"))
        .containsExactly("http_server_requests_seconds_bucket");
  }

  @Test
  void findsEveryOperandOfABinaryExpression() {
    assertThat(
            MetricNames.in(
                "sum by (instance) (rag_generation_kv_blocks_used_blocks)\n"
                    + "  / sum by (instance) (rag_generation_kv_blocks_total_blocks) > 0.95"))
        .containsExactly(
            "rag_generation_kv_blocks_total_blocks", "rag_generation_kv_blocks_used_blocks");
    assertThat(
            MetricNames.in(
                "up{job=\"rag\"} == 0 or vector(1) and on (instance) process_uptime_seconds offset 5m"))
        .containsExactly("process_uptime_seconds", "up");
  }

  @Test
  void ignoresNumbersInScientificNotationAndDurations() {
    assertThat(MetricNames.in("rate(rag_ingest_chunks_total[1h30m]) > 1e3"))
        .containsExactly("rag_ingest_chunks_total");
  }
}
