package dev.rag.llm.tokenizer;

/**
 * Turns a stream of byte chunks into text without ever emitting half a UTF-8 character. Tokens
 * split characters: SentencePiece byte-fallback tokens ({@code <0xE2>}) and GPT-2 byte-level tokens
 * each carry part of one. The bytes of a character that is still a valid beginning are held back
 * until the rest arrives, so streamed text contains no U+FFFD where the whole text is valid.
 *
 * <p>Validity follows the Unicode Standard, chapter 3.9, Table 3-7 (well-formed UTF-8): the second
 * byte after {@code E0} must be A0..BF (no overlongs), after {@code ED} 80..9F (no surrogates),
 * after {@code F0} 90..BF, after {@code F4} 80..8F (nothing above U+10FFFF); {@code C0}, {@code C1}
 * and {@code F5..FF} never occur. Malformed input becomes one U+FFFD per maximal subpart (the
 * "substitution of maximal subparts" practice of the same section, also the WHATWG Encoding
 * Standard's decoder), emitted as soon as the sequence is certainly invalid: when a byte arrives
 * that cannot continue it, or at {@link #flush()}. The output therefore never depends on how the
 * bytes were chunked.
 */
public final class Utf8StreamDecoder {
  private static final char REPLACEMENT = '\uFFFD';

  /** Lead byte of the pending sequence, or 0 when no character is pending. */
  private int lead;

  /** Total length of the pending sequence (2..4). */
  private int needed;

  /** Bytes of the pending sequence seen so far (1..needed-1). */
  private int seen;

  /** Code point bits gathered so far. */
  private int codePoint;

  /** Appends bytes; returns the text of all characters now complete or certainly malformed. */
  public String append(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      accept(b & 0xFF, out);
    }
    return out.toString();
  }

  /**
   * Ends the stream: a character still incomplete becomes one U+FFFD. The decoder can be reused.
   */
  public String flush() {
    if (lead == 0) {
      return "";
    }
    lead = 0;
    return String.valueOf(REPLACEMENT);
  }

  /** Whether bytes of an unfinished character are held back. */
  public boolean hasPendingBytes() {
    return lead != 0;
  }

  private void accept(int b, StringBuilder out) {
    if (lead != 0) {
      int low = seen == 1 ? secondByteLow(lead) : 0x80;
      int high = seen == 1 ? secondByteHigh(lead) : 0xBF;
      if (b >= low && b <= high) {
        codePoint = (codePoint << 6) | (b & 0x3F);
        if (++seen == needed) {
          out.appendCodePoint(codePoint);
          lead = 0;
        }
        return;
      }
      // The held bytes are a maximal subpart that b cannot complete: one replacement, and b
      // is looked at afresh below.
      out.append(REPLACEMENT);
      lead = 0;
    }
    if (b < 0x80) {
      out.append((char) b);
    } else if (b >= 0xC2 && b <= 0xDF) {
      start(b, 2, b & 0x1F);
    } else if (b >= 0xE0 && b <= 0xEF) {
      start(b, 3, b & 0x0F);
    } else if (b >= 0xF0 && b <= 0xF4) {
      start(b, 4, b & 0x07);
    } else {
      out.append(REPLACEMENT); // continuation byte without a lead, or C0, C1, F5..FF
    }
  }

  private void start(int b, int length, int bits) {
    lead = b;
    needed = length;
    seen = 1;
    codePoint = bits;
  }

  private static int secondByteLow(int lead) {
    return switch (lead) {
      case 0xE0 -> 0xA0;
      case 0xF0 -> 0x90;
      default -> 0x80;
    };
  }

  private static int secondByteHigh(int lead) {
    return switch (lead) {
      case 0xED -> 0x9F;
      case 0xF4 -> 0x8F;
      default -> 0xBF;
    };
  }
}
