package dev.rag.llm.engine;

import dev.rag.llm.tokenizer.Tokenizer;
import dev.rag.llm.tokenizer.Utf8StreamDecoder;
import java.util.List;

/**
 * Builds a request's output text token by token: complete UTF-8 characters only, the SentencePiece
 * dummy-prefix space dropped after BOS, and text that might be the start of a stop string held back
 * until it is known not to be one.
 */
final class OutputText {
  private final Tokenizer tokenizer;
  private final List<String> stopStrings;
  private final Utf8StreamDecoder decoder = new Utf8StreamDecoder();
  private final StringBuilder text = new StringBuilder();
  private boolean stripLeadingSpace;
  private int emitted;
  private boolean stopped;
  private final int maxStopLength;

  OutputText(Tokenizer tokenizer, List<String> stopStrings, int lastPromptToken) {
    this.tokenizer = tokenizer;
    this.stopStrings = stopStrings;
    this.maxStopLength = stopStrings.stream().mapToInt(String::length).max().orElse(0);
    this.stripLeadingSpace =
        tokenizer != null
            && tokenizer.stripsLeadingSpaceAfterBos()
            && lastPromptToken == tokenizer.bos();
  }

  /** Adds a token; returns the newly safe text. */
  String add(int token) {
    if (tokenizer == null || stopped) {
      return "";
    }
    String piece = decoder.append(tokenizer.tokenBytes(token));
    if (stripLeadingSpace && !piece.isEmpty()) {
      piece = piece.startsWith(" ") ? piece.substring(1) : piece;
      stripLeadingSpace = false;
    }
    text.append(piece);
    for (String stop : stopStrings) {
      int at = text.indexOf(stop, Math.max(0, emitted - stop.length()));
      if (at >= 0) {
        text.setLength(at);
        stopped = true;
        return release(Math.max(emitted, at));
      }
    }
    return release(text.length() - heldBack());
  }

  /** Whether a stop string was found. */
  boolean stopped() {
    return stopped;
  }

  /** Ends the text: anything held back is released. */
  String finish() {
    if (!stopped && tokenizer != null) {
      text.append(decoder.flush());
    }
    return release(text.length());
  }

  String text() {
    return text.toString();
  }

  private String release(int upTo) {
    if (upTo <= emitted) {
      return "";
    }
    String delta = text.substring(emitted, upTo);
    emitted = upTo;
    return delta;
  }

  /** Length of the longest text suffix that is a proper prefix of a stop string. */
  private int heldBack() {
    int best = 0;
    String tail = text.substring(Math.max(0, text.length() - maxStopLength));
    for (String stop : stopStrings) {
      for (int len = Math.min(stop.length() - 1, tail.length()); len > best; len--) {
        if (tail.regionMatches(tail.length() - len, stop, 0, len)) {
          best = len;
          break;
        }
      }
    }
    return Math.max(0, Math.min(best, text.length() - emitted));
  }
}
