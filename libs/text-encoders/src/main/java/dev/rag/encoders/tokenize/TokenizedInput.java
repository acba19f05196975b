package dev.rag.encoders.tokenize;

/**
 * One model input sequence, special tokens included, never padded.
 *
 * @param inputIds token ids, {@code [CLS] ... [SEP]} (pairs: {@code [CLS] q [SEP] p [SEP]})
 * @param tokenTypeIds 0 for the first segment, 1 for the second (all 0 for single texts)
 * @param truncated whether content tokens were dropped to fit the maximum length
 */
public record TokenizedInput(long[] inputIds, long[] tokenTypeIds, boolean truncated) {

  public TokenizedInput {
    if (inputIds.length == 0) {
      throw new IllegalArgumentException("inputIds must not be empty");
    }
    if (tokenTypeIds.length != inputIds.length) {
      throw new IllegalArgumentException(
          "tokenTypeIds length "
              + tokenTypeIds.length
              + " must equal inputIds length "
              + inputIds.length);
    }
  }

  /** Sequence length including special tokens. */
  public int length() {
    return inputIds.length;
  }
}
