/**
 * {@code GET /v1/admin/status}: the platform at a glance for admins (the console's Status page):
 * each service's health as the service itself reports it (asked with the service token, so
 * component states are included), how far the ingestion consumers are behind their topics, and the
 * Grafana link when one is configured.
 */
package dev.rag.gateway.status;
