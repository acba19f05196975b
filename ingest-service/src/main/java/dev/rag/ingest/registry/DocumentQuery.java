package dev.rag.ingest.registry;

/**
 * What one page of a document list asks for (checked by {@link
 * dev.rag.ingest.documents.DocumentController}).
 *
 * @param page zero-based page number (offset paging; 0 when {@code after} is given)
 * @param after the id the page starts after (cursor paging), or null
 * @param size documents per page
 * @param text a case-insensitive substring of the id or title, or null
 * @param state one registry status ({@code INGESTING}, {@code INDEXED}, {@code FAILED}), or null
 */
public record DocumentQuery(int page, String after, int size, String text, String state) {}
