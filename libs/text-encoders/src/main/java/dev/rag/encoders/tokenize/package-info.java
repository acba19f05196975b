/**
 * Tokenization with the model's own {@code tokenizer.json} (DJL HuggingFace tokenizers): single
 * texts, (query, passage) pairs with passage-only truncation, token counts and character offsets.
 */
package dev.rag.encoders.tokenize;
