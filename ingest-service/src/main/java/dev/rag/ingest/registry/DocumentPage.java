package dev.rag.ingest.registry;

import java.util.List;

/**
 * One page of documents.
 *
 * @param items the documents, by id
 * @param total documents matching the query on every page
 * @param lastId the id after which the next page starts, or null on the last page
 */
public record DocumentPage(List<DocumentRecord> items, long total, String lastId) {}
