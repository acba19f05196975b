package dev.rag.encoders.tokenize;

/**
 * One token of a text with its character range, so a chunker can cut text at token boundaries.
 *
 * @param id vocabulary id
 * @param token the token string as the vocabulary spells it (e.g. {@code ##ing})
 * @param start first character (inclusive) in the original text
 * @param end last character (exclusive) in the original text
 */
public record TokenSpan(long id, String token, int start, int end) {

  public TokenSpan {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException(
          "span [" + start + ", " + end + ") must satisfy 0 <= start <= end");
    }
  }
}
