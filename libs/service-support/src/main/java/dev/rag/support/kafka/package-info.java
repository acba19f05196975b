/**
 * How every service uses Kafka: topics provisioned from {@code libs/contracts}, events published as
 * JSON keyed by document id, and failed records sent to the topic's {@code .dlq} twin with the
 * reason in headers (bounded retries for transient failures, none for malformed records).
 */
package dev.rag.support.kafka;
