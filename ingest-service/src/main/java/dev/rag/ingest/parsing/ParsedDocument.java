package dev.rag.ingest.parsing;

import dev.rag.encoders.chunking.StructuredDocument;

/**
 * A parsed document: its title (from the format's metadata, else its first heading, else the file
 * name), its detected content type, and its text with sections and pages.
 */
public record ParsedDocument(String title, String contentType, StructuredDocument structure) {}
