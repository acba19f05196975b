package dev.rag.ingest.pipeline;

import dev.rag.ingest.jobs.ItemStatus;
import dev.rag.ingest.parsing.UnparseableDocumentException;

/**
 * What happened to one document.
 *
 * @param status the item status it ended in (PUBLISHED, UNCHANGED, SKIPPED or FAILED)
 * @param failure the refusal when FAILED, else null
 */
public record IngestOutcome(
    ItemStatus status, Long version, int chunks, UnparseableDocumentException failure) {}
