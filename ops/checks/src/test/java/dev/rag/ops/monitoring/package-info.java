/**
 * Static checks of the monitoring files: the alert rules pass {@code promtool}, and each is
 * explained in the README; the dashboards are well-formed Grafana JSON on the provisioned
 * datasource. The live check (every query against a real Prometheus scraping the platform) is
 * {@code DashboardQueriesTest} in e2e-tests.
 */
package dev.rag.ops.monitoring;
