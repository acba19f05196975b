package dev.rag.e2e.monitoring;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads. Label matchers, strings, ranges and grouping clauses
 * are removed first; what remains that is not a function, keyword or number is a metric.
 */
final class MetricNames {

  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "inf",
          "nan");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private MetricNames() {}

  static Set<String> in(String promql) {
    String stripped =
        promql
            .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
            .replaceAll("\\{[^}]*}", " ")
            .replaceAll("\\[[^]]*]", " ")
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(stripped);
    while (m.find()) {
      String word = m.group();
      int after = m.end();
      while (after < stripped.length() && stripped.charAt(after) == ' ') {
        after++;
      }
      boolean function = after < stripped.length() && stripped.charAt(after) == '(';
      boolean number = m.start() > 0 && Character.isDigit(stripped.charAt(m.start() - 1));
      if (!function && !number && !KEYWORDS.contains(word.toLowerCase())) {
        names.add(word);
      }
    }
    return names;
  }
}
