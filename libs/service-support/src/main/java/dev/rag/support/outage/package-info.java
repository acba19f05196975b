/**
 * Telling an outage of a dependency (the database, the index's disk, the broker) from a failure of
 * the work itself: work caught in an outage is retried until the dependency is back and never
 * dead-lettered, and a request caught in one is answered 503 with {@code Retry-After}.
 */
package dev.rag.support.outage;
