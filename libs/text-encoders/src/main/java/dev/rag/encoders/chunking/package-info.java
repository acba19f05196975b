/**
 * Token-aware, structure-aware chunking: the one place the platform cuts documents into pieces
 * small enough to embed (house rule 13).
 *
 * <p>A {@link dev.rag.encoders.chunking.StructuredDocument} (extracted text, sections with their
 * heading path, page spans) goes through a {@link dev.rag.encoders.chunking.DocumentChunker}, which
 * measures text with the embedding model's own tokenizer (a {@link
 * dev.rag.encoders.chunking.TokenCounter}) and splits recursively: sections, then paragraphs,
 * lines, sentences, words and finally tokens, only as deep as needed to get pieces under the
 * target. Pieces are packed greedily up to the target and consecutive chunks share a tail of whole
 * pieces (the overlap). Every {@link dev.rag.encoders.chunking.TextChunk} keeps the character
 * offsets into the extracted text, its section path and page, so an answer can cite it.
 *
 * <p>{@link dev.rag.encoders.chunking.SentenceSplitter} is the platform's one rule for where a
 * sentence ends: the chunker cuts lines with it, and generation-service picks and screens answer
 * sentences with it.
 */
package dev.rag.encoders.chunking;
