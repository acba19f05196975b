package dev.rag.generation.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits chunk text into sentences: at . ! ? followed by space and an upper-case letter, digit or
 * quote, and at blank lines and list items (headings and bullet points are sentences of their own
 * in the documents we ingest). Common abbreviations ("e.g.", "Dr.", "No.") do not end a sentence.
 */
final class SentenceSplitter {

  private static final Pattern BOUNDARY =
      Pattern.compile(
          "(?<=[.!?])[\"')\\]]?\\s+(?=[\\p{Lu}\\p{N}\"'(\\[])|\\n\\s*\\n|\\n(?=\\s*(?:[-*•]|\\d+[.)])\\s)");
  private static final Set<String> ABBREVIATIONS =
      Set.of(
          "e.g.", "i.e.", "etc.", "dr.", "mr.", "mrs.", "ms.", "no.", "st.", "vs.", "approx.",
          "fig.", "inc.", "jr.", "sr.", "u.s.", "mt.", "ave.");

  private SentenceSplitter() {}

  /** Sentences with their offsets in {@code text}, whitespace-trimmed, empty ones dropped. */
  static List<Span> split(String text) {
    List<Span> sentences = new ArrayList<>();
    Matcher m = BOUNDARY.matcher(text);
    int start = 0;
    while (m.find()) {
      if (endsWithAbbreviation(text, m.start())) {
        continue;
      }
      add(text, start, m.start(), sentences);
      start = m.end();
    }
    add(text, start, text.length(), sentences);
    return sentences;
  }

  private static boolean endsWithAbbreviation(String text, int end) {
    int wordStart = end;
    while (wordStart > 0 && !Character.isWhitespace(text.charAt(wordStart - 1))) {
      wordStart--;
    }
    String word = text.substring(wordStart, end).toLowerCase(java.util.Locale.ROOT);
    return ABBREVIATIONS.contains(word);
  }

  private static void add(String text, int start, int end, List<Span> out) {
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (end > start) {
      out.add(new Span(start, end, text.substring(start, end).replaceAll("\\s+", " ")));
    }
  }

  /** One sentence: its offsets in the chunk and its text with whitespace collapsed. */
  record Span(int start, int end, String text) {}
}
