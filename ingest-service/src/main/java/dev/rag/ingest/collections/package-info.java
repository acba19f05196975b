/**
 * Collections: named groups of documents that queries are scoped to. Created explicitly with {@code
 * POST /v1/collections} or implicitly by the first upload or producer record naming them.
 */
package dev.rag.ingest.collections;
