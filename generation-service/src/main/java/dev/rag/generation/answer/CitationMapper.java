package dev.rag.generation.answer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the {@code [n]} markers of an answer back to its sources. Accepts {@code [1]}, {@code
 * [1][2]} and {@code [1, 2]}; a number that names no source is removed from its marker (the whole
 * marker when none is left) and reported, never renumbered: a citation either points at the source
 * the model saw under that number or it is gone.
 */
public final class CitationMapper {

  private static final Pattern MARKER =
      Pattern.compile("\\s?\\[(\\s*\\d{1,4}\\s*(?:[,;]\\s*\\d{1,4}\\s*)*)]");

  private CitationMapper() {}

  /**
   * @param text the answer with only valid markers left
   * @param cited source numbers in order of first citation
   * @param dropped numbers that pointed at no source, in order of appearance
   */
  public record Mapped(String text, List<Integer> cited, List<Integer> dropped) {}

  public static Mapped map(String text, int sourceCount) {
    Set<Integer> cited = new LinkedHashSet<>();
    List<Integer> dropped = new ArrayList<>();
    StringBuilder out = new StringBuilder();
    Matcher m = MARKER.matcher(text);
    int last = 0;
    while (m.find()) {
      out.append(text, last, m.start());
      List<Integer> valid = new ArrayList<>();
      for (String part : m.group(1).split("[,;]")) {
        int n = Integer.parseInt(part.strip());
        if (n >= 1 && n <= sourceCount) {
          valid.add(n);
          cited.add(n);
        } else {
          dropped.add(n);
        }
      }
      if (!valid.isEmpty()) {
        String leading = m.group().startsWith("[") ? "" : m.group().substring(0, 1);
        out.append(leading).append('[');
        for (int i = 0; i < valid.size(); i++) {
          out.append(i == 0 ? "" : ", ").append(valid.get(i));
        }
        out.append(']');
      }
      last = m.end();
    }
    out.append(text.substring(last));
    return new Mapped(out.toString(), List.copyOf(cited), List.copyOf(dropped));
  }
}
