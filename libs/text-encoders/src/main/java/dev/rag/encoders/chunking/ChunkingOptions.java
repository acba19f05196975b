package dev.rag.encoders.chunking;

/**
 * How long chunks are and how much consecutive chunks share.
 *
 * @param targetTokens chunks are packed up to this many content tokens (default {@value
 *     #DEFAULT_TARGET_TOKENS}); must be in [1, maxTokens]
 * @param overlap fraction of the target repeated from the end of one chunk at the start of the
 *     next, in whole pieces (sentences, lines, ...) (default {@value #DEFAULT_OVERLAP}); in [0,
 *     0.5]
 * @param maxTokens hard limit no chunk exceeds: the model's maximum input minus its special tokens
 *     (bge-small: 512 - 2 = 510)
 */
public record ChunkingOptions(int targetTokens, double overlap, int maxTokens) {

  /** Default target: inside the 256–512 range where retrieval with small encoders works best. */
  public static final int DEFAULT_TARGET_TOKENS = 384;

  /** Default overlap: about 15 % of a chunk, so a fact cut at a boundary is whole in one chunk. */
  public static final double DEFAULT_OVERLAP = 0.15;

  /** Special tokens a BERT-family encoder adds to one text: [CLS] and [SEP]. */
  public static final int SPECIAL_TOKENS = 2;

  public ChunkingOptions {
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1, was " + maxTokens);
    }
    if (targetTokens < 1 || targetTokens > maxTokens) {
      throw new IllegalArgumentException(
          "targetTokens must be in [1, " + maxTokens + "] (the model limit), was " + targetTokens);
    }
    if (!(overlap >= 0.0 && overlap <= 0.5)) {
      throw new IllegalArgumentException("overlap must be in [0, 0.5], was " + overlap);
    }
  }

  /** Options for a model whose inputs hold {@code modelMaxLength} tokens, specials included. */
  public static ChunkingOptions forModel(int targetTokens, double overlap, int modelMaxLength) {
    if (modelMaxLength <= SPECIAL_TOKENS) {
      throw new IllegalArgumentException(
          "modelMaxLength must be > " + SPECIAL_TOKENS + ", was " + modelMaxLength);
    }
    return new ChunkingOptions(targetTokens, overlap, modelMaxLength - SPECIAL_TOKENS);
  }

  /**
   * Characters a token may take on average before a chunk counts as too long anyway. Needed because
   * WordPiece turns any word over 100 characters into a single [UNK], so a token count alone would
   * let a megabyte of unspaced text through as "one token".
   */
  public static final int MAX_CHARS_PER_TOKEN = 16;

  /** Longest chunk in characters: {@code targetTokens * } {@value #MAX_CHARS_PER_TOKEN}. */
  public int maxChars() {
    return targetTokens * MAX_CHARS_PER_TOKEN;
  }

  /** Tokens of overlap the packer aims for: {@code round(target * overlap)}. */
  public int overlapTokens() {
    return (int) Math.round(targetTokens * overlap);
  }
}
