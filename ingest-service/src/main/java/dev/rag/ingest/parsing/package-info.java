/**
 * From bytes to a {@link dev.rag.encoders.chunking.StructuredDocument}: content-type detection and
 * the supported set, Apache Tika for PDF, DOCX, HTML, XLSX, ODS, EPUB and email (headings from
 * {@code h1..h6}, pages from Tika's page divisions, PDF headings from the document outline, sheet
 * names and table captions as sections), our own reading of Markdown, plain text and CSV/TSV
 * (strict UTF-8) and of slides (PPTX, ODP: one section per slide, named by its title), tables of
 * every format written row by row with their column names, and the limits that bound all of it
 * while it is read.
 */
package dev.rag.ingest.parsing;
