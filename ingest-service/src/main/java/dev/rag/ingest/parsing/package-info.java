/**
 * From bytes to a {@link dev.rag.encoders.chunking.StructuredDocument}: content-type detection and
 * the supported set, Apache Tika for PDF, DOCX and HTML (headings from {@code h1..h6}, pages from
 * Tika's page divisions, PDF headings from the document outline), and our own reading of Markdown
 * and plain text, decoded as strict UTF-8.
 */
package dev.rag.ingest.parsing;
