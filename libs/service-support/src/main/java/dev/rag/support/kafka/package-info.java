/**
 * How every service uses Kafka: topics provisioned from {@code libs/contracts}, events published as
 * JSON keyed by document id, and failed records sent to the topic's {@code .dlq} twin with the
 * reason in headers (bounded retries for transient failures, none for malformed records), and the
 * trace context of each record in its headers ({@link dev.rag.support.kafka.BatchObservations} for
 * batch listeners, which Spring Kafka does not observe).
 */
package dev.rag.support.kafka;
