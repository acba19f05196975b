package dev.rag.generation.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lexical view of text used to score extractive sentences: lower-cased word and number tokens,
 * English stop words removed, light suffix stemming. The stemmer is deliberately conservative
 * (plural and common verb endings, after Harman's S-stemmer, 1991) so that "pipes" meets "pipe" and
 * "boiled" meets "boil" without merging unrelated words.
 */
final class Terms {

  private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+(?:['’][\\p{L}]+)?");

  private static final Set<String> STOP =
      Set.of(
          "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for",
          "with", "from", "as", "is", "are", "was", "were", "be", "been", "being", "do", "does",
          "did", "have", "has", "had", "it", "its", "this", "that", "these", "those", "there",
          "their", "they", "them", "i", "you", "your", "we", "our", "he", "she", "his", "her", "my",
          "me", "what", "which", "who", "whom", "when", "where", "why", "how", "can", "could",
          "should", "would", "will", "shall", "may", "might", "must", "not", "no", "so", "than",
          "too", "very", "about", "into", "over", "after", "before", "up", "down", "out", "any",
          "all", "some", "much", "many", "more", "most", "also", "just", "only", "then", "such",
          "each", "other", "own", "same", "s", "t", "get", "doesn't", "don't", "i'm", "it's",
          "tell", "please");

  private Terms() {}

  /** Content terms of {@code text} in order, stemmed, stop words removed (duplicates kept). */
  static List<String> of(String text) {
    List<String> terms = new ArrayList<>();
    Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      String word = m.group().replace('’', '\'');
      if (!STOP.contains(word)) {
        terms.add(normalise(stem(word)));
      }
    }
    return terms;
  }

  /** Strips a plural or verb ending when enough of the word remains to stay distinctive. */
  static String stem(String word) {
    if (word.length() <= 3 || Character.isDigit(word.charAt(0))) {
      return word;
    }
    if (word.endsWith("'s")) {
      word = word.substring(0, word.length() - 2);
    }
    if (word.endsWith("ies") && word.length() > 4) {
      return word.substring(0, word.length() - 3) + "y";
    }
    if (word.endsWith("ing") && word.length() > 5) {
      return undouble(word.substring(0, word.length() - 3));
    }
    if (word.endsWith("ed") && word.length() > 4) {
      return undouble(word.substring(0, word.length() - 2));
    }
    if (word.endsWith("es")
        && word.length() > 4
        && "sxz".indexOf(word.charAt(word.length() - 3)) >= 0) {
      return word.substring(0, word.length() - 2);
    }
    if (word.endsWith("s")
        && !word.endsWith("ss")
        && !word.endsWith("us")
        && !word.endsWith("is")) {
      return word.substring(0, word.length() - 1);
    }
    return word;
  }

  /** "stopp" → "stop", "boil" stays: a doubled final consonant left by -ed/-ing. */
  private static String undouble(String stem) {
    int n = stem.length();
    if (n >= 3
        && stem.charAt(n - 1) == stem.charAt(n - 2)
        && "lsz".indexOf(stem.charAt(n - 1)) < 0
        && "aeiou".indexOf(stem.charAt(n - 1)) < 0) {
      return stem.substring(0, n - 1);
    }
    return stem;
  }

  /** The stem with a trailing silent e removed, so "issue" and "issued" meet at "issu". */
  static String normalise(String term) {
    return term.length() > 4 && term.endsWith("e") ? term.substring(0, term.length() - 1) : term;
  }
}
