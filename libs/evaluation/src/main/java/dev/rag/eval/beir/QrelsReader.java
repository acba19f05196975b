package dev.rag.eval.beir;

import dev.rag.eval.metrics.Judgements;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a qrels file: BEIR's three columns {@code query-id corpus-id score} (tab-separated, with or
 * without that header line) or TREC's four {@code query-id iteration corpus-id score}
 * (whitespace-separated). A header is recognised only on the first non-blank line, by a score
 * column that is not a number. Grades must be integers; a pair judged twice keeps its higher grade,
 * so a file that repeats a pair cannot lower a relevant document to non-relevant.
 */
public final class QrelsReader {

  private static final Pattern SEPARATOR = Pattern.compile("\\t|\\s+");

  private QrelsReader() {}

  public static Qrels read(Path qrels) throws IOException {
    Map<String, Map<String, Integer>> grades = new LinkedHashMap<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(JsonLines.open(qrels), StandardCharsets.UTF_8))) {
      long line = 0;
      boolean first = true;
      for (String text = reader.readLine(); text != null; text = reader.readLine()) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        String[] fields = SEPARATOR.split(text.strip());
        if (fields.length != 3 && fields.length != 4) {
          throw new BeirFormatException(
              qrels,
              line,
              "expected 'query-id corpus-id score' (3 columns) or TREC's 4, found "
                  + fields.length);
        }
        String score = fields[fields.length - 1];
        boolean header = first && !looksNumeric(score);
        first = false;
        if (header) {
          continue;
        }
        int grade = grade(qrels, line, score);
        String queryId = fields[0];
        String documentId = fields[fields.length - 2];
        grades.computeIfAbsent(queryId, q -> new HashMap<>()).merge(documentId, grade, Math::max);
      }
    }
    Map<String, Judgements> byQuery = new LinkedHashMap<>();
    grades.forEach((query, judged) -> byQuery.put(query, new Judgements(judged)));
    return new Qrels(byQuery);
  }

  private static boolean looksNumeric(String value) {
    return value.matches("[-+]?\\d+(\\.\\d*)?");
  }

  private static int grade(Path qrels, long line, String value) {
    try {
      double grade = Double.parseDouble(value);
      if (grade != Math.rint(grade) || Math.abs(grade) > 1_000_000) {
        throw new BeirFormatException(
            qrels, line, "score must be an integer grade, was '" + value + "'");
      }
      return (int) grade;
    } catch (NumberFormatException e) {
      throw new BeirFormatException(
          qrels, line, "score must be an integer grade, was '" + value + "'", e);
    }
  }
}
