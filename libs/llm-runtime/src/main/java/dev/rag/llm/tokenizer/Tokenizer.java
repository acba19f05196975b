package dev.rag.llm.tokenizer;

/** Text to token ids and back, as defined by a model's GGUF vocabulary. */
public interface Tokenizer {

  /**
   * Encodes {@code text}.
   *
   * @param addBos prepend the BOS token (when the vocabulary has one)
   * @param parseSpecial treat the text of special tokens (e.g. {@code <|im_start|>}) as those
   *     tokens
   */
  int[] encode(String text, boolean addBos, boolean parseSpecial);

  /** The bytes a token stands for in generated text; empty for control tokens. */
  byte[] tokenBytes(int token);

  /** The raw vocabulary string of a token. */
  String piece(int token);

  /** Token id of an exact vocabulary string, or -1. */
  int tokenId(String piece);

  int vocabSize();

  /** Beginning-of-sequence token, or -1. */
  int bos();

  /** End-of-sequence token, or -1. */
  int eos();

  /** Whether generated {@code token} ends a turn (EOS and end-of-turn control tokens). */
  boolean isEndOfGeneration(int token);

  /**
   * Whether prompts should start with BOS ({@code tokenizer.ggml.add_bos_token}, default per
   * tokenizer kind).
   */
  boolean addsBos();

  /**
   * Whether a leading space of the first piece after BOS is an artefact of encoding (SentencePiece
   * dummy prefix).
   */
  boolean stripsLeadingSpaceAfterBos();

  /** Decodes a whole token sequence (no BOS handling). */
  default String decode(int[] tokens) {
    Utf8StreamDecoder d = new Utf8StreamDecoder();
    StringBuilder sb = new StringBuilder();
    for (int t : tokens) {
      sb.append(d.append(tokenBytes(t)));
    }
    return sb.append(d.flush()).toString();
  }
}
