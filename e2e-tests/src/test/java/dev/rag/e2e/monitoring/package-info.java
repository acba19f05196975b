/**
 * The Grafana dashboards and Prometheus alert rules of {@code ops/} held against the running
 * platform: a real Prometheus (Debian's package) scrapes the services, and every panel query and
 * alert expression is evaluated through its HTTP API.
 */
package dev.rag.e2e.monitoring;
