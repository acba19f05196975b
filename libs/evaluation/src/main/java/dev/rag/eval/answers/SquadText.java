package dev.rag.eval.answers;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The answer normalisation and token F1 of the SQuAD evaluation script (Rajpurkar et al., 2016,
 * {@code evaluate-v1.1.py}): lower case, punctuation removed, the articles a/an/the removed, white
 * space collapsed. Citation markers ({@code [2]}) are removed first: they are the platform's, not
 * the answer's, and their digits would otherwise become answer tokens.
 */
public final class SquadText {

  private static final Pattern CITATION = Pattern.compile("\\[\\d+]");
  private static final Pattern PUNCTUATION = Pattern.compile("\\p{Punct}|[‘’“”–—…]");
  private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");
  private static final Pattern SPACE = Pattern.compile("\\s+");

  private SquadText() {}

  /** SQuAD's {@code normalize_answer}, after dropping citation markers. */
  public static String normalise(String text) {
    String s = CITATION.matcher(text).replaceAll(" ").toLowerCase(Locale.ROOT);
    s = PUNCTUATION.matcher(s).replaceAll("");
    s = ARTICLES.matcher(s).replaceAll(" ");
    return SPACE.matcher(s).replaceAll(" ").strip();
  }

  /** Whether the normalised answer holds some normalised gold answer as a whole-token run. */
  public static boolean containsAny(String answer, List<String> golds) {
    String padded = " " + normalise(answer) + " ";
    return golds.stream()
        .map(SquadText::normalise)
        .anyMatch(gold -> !gold.isEmpty() && padded.contains(" " + gold + " "));
  }

  /** The best token F1 of the answer against any gold answer (0 when there is none). */
  public static double bestF1(String answer, List<String> golds) {
    return golds.stream().mapToDouble(gold -> f1(answer, gold)).max().orElse(0);
  }

  /** SQuAD's {@code f1_score}: harmonic mean of token precision and recall, tokens as a bag. */
  public static double f1(String prediction, String gold) {
    List<String> predicted = tokens(prediction);
    List<String> truth = tokens(gold);
    if (predicted.isEmpty() || truth.isEmpty()) {
      return predicted.equals(truth) ? 1 : 0;
    }
    Map<String, Integer> counts = new HashMap<>();
    truth.forEach(t -> counts.merge(t, 1, Integer::sum));
    int common = 0;
    for (String token : predicted) {
      Integer left = counts.get(token);
      if (left != null && left > 0) {
        counts.put(token, left - 1);
        common++;
      }
    }
    if (common == 0) {
      return 0;
    }
    double precision = common / (double) predicted.size();
    double recall = common / (double) truth.size();
    return 2 * precision * recall / (precision + recall);
  }

  static List<String> tokens(String text) {
    String normalised = normalise(text);
    return normalised.isEmpty() ? List.of() : Arrays.asList(normalised.split(" "));
  }
}
