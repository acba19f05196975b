/**
 * Tokenizers built from GGUF metadata (SentencePiece-style BPE with byte fallback and GPT-2
 * byte-level BPE), special-token handling, chat templates and a streaming UTF-8 decoder.
 */
package dev.rag.llm.tokenizer;
