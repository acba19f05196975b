package dev.rag.encoders.chunking;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform's one rule for where a sentence ends, used by the chunker (to cut lines into pieces
 * it may end a chunk after) and by generation (to pick and screen answer sentences): at {@code .},
 * {@code !} or {@code ?} (and a closing quote or bracket) followed by whitespace and an upper-case
 * letter, digit, quote or opening bracket; at blank lines; and before list items, since headings
 * and bullet points are sentences of their own in the documents we ingest. Common abbreviations
 * ("e.g.", "Dr.", "No.") do not end a sentence, and neither does a full stop followed by a
 * lower-case word.
 */
public final class SentenceSplitter {

  private static final Pattern BOUNDARY =
      Pattern.compile(
          "(?<=[.!?])[\"')\\]]?\\s+(?=[\\p{Lu}\\p{N}\"'(\\[])|\\n\\s*\\n|\\n(?=\\s*(?:[-*•]|\\d+[.)])\\s)");

  private static final Set<String> ABBREVIATIONS =
      Set.of(
          "e.g.", "i.e.", "etc.", "dr.", "mr.", "mrs.", "ms.", "no.", "st.", "vs.", "approx.",
          "fig.", "inc.", "jr.", "sr.", "u.s.", "mt.", "ave.");

  private SentenceSplitter() {}

  /** One sentence: its offsets in the text and its text with whitespace collapsed. */
  public record Span(int start, int end, String text) {}

  /**
   * What lies between two sentences in {@code text[start, end)}: {@code [start, end)} of the
   * closing quote and whitespace after a sentence's end mark, or of a blank line.
   */
  public record Separator(int start, int end) {}

  /** Sentences with their offsets in {@code text}, whitespace-trimmed, empty ones dropped. */
  public static List<Span> split(String text) {
    List<Span> sentences = new ArrayList<>();
    int start = 0;
    for (Separator separator : separators(text, 0, text.length())) {
      add(text, start, separator.start(), sentences);
      start = separator.end();
    }
    add(text, start, text.length(), sentences);
    return sentences;
  }

  /**
   * The separators between the sentences of {@code text[from, to)}, in order. The region's bounds
   * are opaque: a sentence never continues across them.
   */
  public static List<Separator> separators(CharSequence text, int from, int to) {
    List<Separator> separators = new ArrayList<>();
    Matcher m = BOUNDARY.matcher(text).region(from, to);
    while (m.find()) {
      if (!endsWithAbbreviation(text, from, m.start())) {
        separators.add(new Separator(m.start(), m.end()));
      }
    }
    return separators;
  }

  private static boolean endsWithAbbreviation(CharSequence text, int from, int end) {
    int wordStart = end;
    while (wordStart > from && !Character.isWhitespace(text.charAt(wordStart - 1))) {
      wordStart--;
    }
    String word = text.subSequence(wordStart, end).toString().toLowerCase(Locale.ROOT);
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
}
