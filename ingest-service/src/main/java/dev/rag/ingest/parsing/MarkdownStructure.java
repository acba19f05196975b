package dev.rag.ingest.parsing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headings of a Markdown text, read directly (Tika treats Markdown as plain text): ATX headings
 * ({@code ## Title}) and setext headings (a line underlined with {@code ===} or {@code ---}),
 * outside fenced code blocks. The text itself is kept verbatim so offsets cite the source.
 */
final class MarkdownStructure {

  private static final Pattern ATX =
      Pattern.compile("^ {0,3}(#{1,6})[ \\t]+(.*?)(?:[ \\t]+#+)?[ \\t]*$");
  private static final Pattern SETEXT = Pattern.compile("^ {0,3}(=+|-+)[ \\t]*$");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");

  private MarkdownStructure() {}

  static StructureBuilder read(String text, int maxChars) {
    StructureBuilder builder = new StructureBuilder(maxChars);
    builder.append(text);
    boolean inFence = false;
    int previousStart = -1;
    String previous = "";
    boolean previousIsHeading = false;
    int start = 0;
    while (start <= text.length()) {
      int newline = text.indexOf('\n', start);
      int end = newline < 0 ? text.length() : newline;
      String line = text.substring(start, end).replace("\r", "");
      boolean heading = false;
      if (FENCE.matcher(line).find()) {
        inFence = !inFence;
      } else if (!inFence) {
        Matcher atx = ATX.matcher(line);
        Matcher setext = SETEXT.matcher(line);
        if (atx.matches()) {
          builder.heading(start, atx.group(1).length(), atx.group(2));
          heading = true;
        } else if (setext.matches() && !previous.isBlank() && !previousIsHeading) {
          builder.heading(previousStart, setext.group(1).charAt(0) == '=' ? 1 : 2, previous);
          heading = true;
        }
      }
      previousStart = start;
      previous = line;
      previousIsHeading = heading;
      if (newline < 0) {
        break;
      }
      start = newline + 1;
    }
    return builder;
  }
}
