package dev.rag.encoders.chunking;

import dev.rag.encoders.inference.TextEmbedder;
import dev.rag.encoders.tokenize.TextTokenizer;
import dev.rag.encoders.tokenize.TokenSpan;
import java.util.List;

/**
 * Measures text in the tokens of the model that will embed it. Counts exclude special tokens
 * ([CLS], [SEP]); {@link ChunkingOptions#forModel} reserves room for them.
 */
public interface TokenCounter {

  /** Content tokens of {@code text} with their character offsets in it; empty for "". */
  List<TokenSpan> tokenSpans(String text);

  /** Number of content tokens of {@code text}. */
  default int countTokens(String text) {
    return tokenSpans(text).size();
  }

  /** The tokenizer of a loaded model, without its ONNX session. */
  static TokenCounter of(TextTokenizer tokenizer) {
    if (tokenizer == null) {
      throw new IllegalArgumentException("tokenizer must not be null");
    }
    return new TokenCounter() {
      @Override
      public List<TokenSpan> tokenSpans(String text) {
        return tokenizer.tokenSpans(text);
      }

      @Override
      public int countTokens(String text) {
        return tokenizer.countTokens(text);
      }
    };
  }

  /** The tokenizer of an embedder, so chunks are measured exactly as they will be embedded. */
  static TokenCounter of(TextEmbedder embedder) {
    if (embedder == null) {
      throw new IllegalArgumentException("embedder must not be null");
    }
    return new TokenCounter() {
      @Override
      public List<TokenSpan> tokenSpans(String text) {
        return embedder.tokenSpans(text);
      }

      @Override
      public int countTokens(String text) {
        return embedder.countTokens(text);
      }
    };
  }
}
