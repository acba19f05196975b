/**
 * The document registry ({@code ingest.documents}): per (collection, document id) the current
 * version, content hash and status. It decides whether new content is a new version, a no-op
 * (identical hash) or stale (an older producer version), and answers the document endpoints.
 */
package dev.rag.ingest.registry;
