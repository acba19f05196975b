package dev.rag.generation.answer;

import dev.rag.encoders.chunking.SentenceSplitter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pieces of a source an extractive answer may quote: its sentences, never its headings, list
 * markers or table layout. What is dropped or trimmed, and why:
 *
 * <ul>
 *   <li>Headings: Markdown {@code #} lines, lines that repeat the document title or a section name,
 *       and short lines without an end mark — a heading says what follows, it answers nothing. A
 *       heading glued to the sentence after it (PDF text extraction drops the line break:
 *       "Treatment ProcessRiver water passes …") is cut off the sentence.
 *   <li>List markers ({@code -}, {@code *}, {@code •}, {@code 1.}): the item's words stay, the
 *       marker goes, and the span starts after it.
 *   <li>Tables (Markdown pipe tables): never quoted as they stand. Each body row becomes one {@link
 *       Kind#TABLE_ROW} unit rendered as "header: value; header: value", which the answerer uses
 *       only as the whole answer (when a row is the best match), never beside sentences.
 * </ul>
 *
 * Offsets are those of the kept text within the source's text, so that a page can highlight it.
 */
final class SourceSentences {

  /** Shorter lines without an end mark are headings or labels. */
  static final int HEADING_MAX_WORDS = 8;

  private static final Pattern MARKDOWN_HEADING = Pattern.compile("^#{1,6}\\s");
  private static final Pattern LIST_MARKER = Pattern.compile("^(?:[-*•]|\\d+[.)])\\s+");
  private static final Pattern TABLE_LINE = Pattern.compile("(?m)^[ \\t]*\\|.*\\|[ \\t]*$");
  private static final Pattern TABLE_RULE = Pattern.compile("^[\\s|:\\-]+$");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  /** What kind of text a unit is. */
  enum Kind {
    SENTENCE,
    TABLE_ROW
  }

  /**
   * A quotable unit of a source.
   *
   * @param start offset of the quoted text in the source's text
   * @param end offset just after it
   * @param text what the answer quotes (whitespace collapsed; a table row as header: value pairs)
   */
  record Unit(Kind kind, int start, int end, String text) {}

  private SourceSentences() {}

  /** The quotable units of {@code text}, in reading order. */
  static List<Unit> of(String text, String title, List<String> sectionPath) {
    Set<String> headings = new HashSet<>();
    headings.add(key(title));
    if (sectionPath != null) {
      sectionPath.forEach(s -> headings.add(key(s)));
    }
    List<Unit> units = new ArrayList<>();
    List<int[]> tables = tables(text);
    for (int[] table : tables) {
      units.addAll(tableRows(text, table[0], table[1]));
    }
    for (SentenceSplitter.Span span : SentenceSplitter.split(text)) {
      if (tables.stream().anyMatch(t -> span.start() < t[1] && span.end() > t[0])) {
        continue;
      }
      Unit unit = sentence(text, span.start(), span.end(), headings, sectionPath);
      if (unit != null) {
        units.add(unit);
      }
    }
    units.sort(java.util.Comparator.comparingInt(Unit::start));
    return units;
  }

  /** A span with its heading lines and list marker removed; null when nothing quotable is left. */
  private static Unit sentence(
      String text, int start, int end, Set<String> headings, List<String> sectionPath) {
    // Leading lines that are headings (a heading and its paragraph can share a span).
    while (true) {
      int newline = text.indexOf('\n', start);
      if (newline < 0 || newline >= end) {
        break;
      }
      int next = skipSpace(text, newline, end);
      // A hard-wrapped sentence also breaks lines: a heading line is followed by a new sentence.
      boolean newSentence = next < end && !Character.isLowerCase(text.charAt(next));
      if (!newSentence || !isHeading(text.substring(start, newline), headings)) {
        break;
      }
      start = next;
    }
    if (start >= end || isHeading(text.substring(start, end), headings)) {
      return null;
    }
    start = afterGluedHeading(text, start, end, sectionPath);
    Matcher marker = LIST_MARKER.matcher(text.substring(start, end));
    if (marker.find()) {
      start += marker.end();
    }
    if (start >= end) {
      return null;
    }
    return new Unit(
        Kind.SENTENCE, start, end, text.substring(start, end).replaceAll("\\s+", " ").strip());
  }

  /** "Treatment ProcessRiver water …" → the offset of "River". */
  private static int afterGluedHeading(String text, int start, int end, List<String> sectionPath) {
    if (sectionPath == null || sectionPath.isEmpty()) {
      return start;
    }
    String heading = sectionPath.getLast().strip();
    int after = start + heading.length();
    if (!heading.isEmpty()
        && after < end
        && text.startsWith(heading, start)
        && Character.isUpperCase(text.charAt(after))) {
      return after;
    }
    return start;
  }

  static boolean isHeading(String line, Set<String> headings) {
    String stripped = line.strip();
    if (stripped.isEmpty() || MARKDOWN_HEADING.matcher(stripped).find()) {
      return true;
    }
    if (headings.contains(key(stripped))) {
      return true;
    }
    char last = stripped.charAt(stripped.length() - 1);
    return ".!?:;\"')".indexOf(last) < 0 && words(stripped) <= HEADING_MAX_WORDS;
  }

  /** [start, end) of each Markdown pipe table: two or more consecutive {@code |…|} lines. */
  private static List<int[]> tables(String text) {
    List<int[]> tables = new ArrayList<>();
    Matcher m = TABLE_LINE.matcher(text);
    int start = -1;
    int end = -1;
    int lines = 0;
    while (m.find()) {
      if (start >= 0 && text.substring(end, m.start()).strip().isEmpty()) {
        end = m.end();
        lines++;
        continue;
      }
      if (lines >= 2) {
        tables.add(new int[] {start, end});
      }
      start = m.start();
      end = m.end();
      lines = 1;
    }
    if (lines >= 2) {
      tables.add(new int[] {start, end});
    }
    return tables;
  }

  /** Body rows as "header: value; …" units; the first row is the header, rule rows are skipped. */
  private static List<Unit> tableRows(String text, int from, int to) {
    List<Unit> rows = new ArrayList<>();
    List<String> header = null;
    int lineStart = from;
    while (lineStart < to) {
      int lineEnd = text.indexOf('\n', lineStart);
      lineEnd = lineEnd < 0 || lineEnd > to ? to : lineEnd;
      String line = text.substring(lineStart, lineEnd).strip();
      if (!line.isEmpty() && !TABLE_RULE.matcher(line).matches()) {
        List<String> cells = cells(line);
        if (header == null) {
          header = cells;
        } else {
          StringBuilder rendered = new StringBuilder();
          for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).isEmpty()) {
              continue;
            }
            String name = i < header.size() && !header.get(i).isEmpty() ? header.get(i) : "";
            rendered.append(rendered.isEmpty() ? "" : "; ");
            rendered.append(name.isEmpty() ? cells.get(i) : name + ": " + cells.get(i));
          }
          if (!rendered.isEmpty()) {
            rows.add(new Unit(Kind.TABLE_ROW, lineStart, lineEnd, rendered + "."));
          }
        }
      }
      lineStart = lineEnd + 1;
    }
    return rows;
  }

  private static List<String> cells(String line) {
    String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
    List<String> cells = new ArrayList<>();
    for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
      cells.add(cell.strip().replace("`", "").replace("**", ""));
    }
    return cells;
  }

  private static int skipSpace(String text, int from, int end) {
    int i = from;
    while (i < end && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int words(String text) {
    int n = 0;
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static String key(String text) {
    return text == null
        ? ""
        : text.replaceAll("[#*_`]", "").replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
  }
}
