/**
 * The evaluation's view of the running platform, through the gateway: {@code /v1/retrieve} (the
 * shared contract records of {@code dev.rag.contracts.retrieval}), {@code /v1/rerank} (Cohere
 * shape) and the document registry of ingest-service. Every non-2xx answer becomes a {@link
 * dev.rag.eval.platform.PlatformException} carrying the status and the problem detail, so a failed
 * query is counted with its reason, never dropped.
 */
package dev.rag.eval.platform;
