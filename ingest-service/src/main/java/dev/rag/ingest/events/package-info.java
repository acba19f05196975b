/**
 * The producer path: a consumer of {@code rag.documents}. Each record becomes a one-document job
 * whose id derives from (collection, document id, version, operation), so a redelivered record
 * rejoins its job instead of starting another. Malformed records and unparseable documents go to
 * {@code rag.documents.dlq} (the latter also into the job's failures) and the partition moves on.
 */
package dev.rag.ingest.events;
