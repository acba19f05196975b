package dev.rag.generation.answer;

/**
 * Where a quoted sentence of an extractive answer lies, so that a page can highlight it.
 *
 * @param source the number of the source (the {@code [n]} it is cited with)
 * @param chunkId the source's chunk
 * @param start offset of the sentence's first character in the chunk's text
 * @param end offset just after its last character
 * @param text the sentence as quoted (whitespace collapsed; a table row as "header: value" pairs)
 */
public record AnswerSpan(int source, String chunkId, int start, int end, String text) {}
