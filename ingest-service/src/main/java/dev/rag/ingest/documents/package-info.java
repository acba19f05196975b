/**
 * The documents API ({@code /v1/collections/{c}/documents}): paged lists, one document, delete.
 * Above the registry, the collections and the pipeline it calls, so none of them depends back on
 * the web layer.
 */
package dev.rag.ingest.documents;
