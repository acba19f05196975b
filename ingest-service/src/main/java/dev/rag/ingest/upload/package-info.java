/**
 * Admin upload: {@code POST /v1/collections/{collection}/documents} (multipart, several files)
 * checks each file at once (empty, size, type, UTF-8 for text), stages it on disk, persists the
 * job, answers 202 with the job id, and parses in the background. Interrupted jobs resume at
 * start-up from the staged files.
 */
package dev.rag.ingest.upload;
