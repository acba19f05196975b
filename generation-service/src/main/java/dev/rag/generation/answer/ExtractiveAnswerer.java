package dev.rag.generation.answer;

import dev.rag.encoders.chunking.SentenceSplitter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers without a generative model: the sentences of the sources that best cover the question,
 * each cited. A sentence's relevance is the share of the question's IDF weight that it contains,
 * IDF computed over the candidate sentences themselves (Robertson–Spärck Jones with +0.5
 * smoothing), so rare question words ("coliform", "555-0142") count more than common ones
 * ("water"), and question words absent from every sentence lower every score — which is what makes
 * "I don't know" come out when the sources do not hold the answer. A question word absent from
 * every sentence weighs the mean IDF of the present ones (its own IDF would be the largest of all
 * and let one paraphrased word veto a good answer). Words of the sentence's section path and
 * document title count at {@link #HEADING_CREDIT}, since a heading ("Main Breaks") is part of what
 * each sentence below it says. Ties are broken by the source's rank. Instruction-like sentences
 * ({@link InjectionGuard#flagged}) are never chosen.
 */
public final class ExtractiveAnswerer {

  /** The answer when no sentence clears the relevance threshold. */
  public static final String DONT_KNOW = "I don't know based on the provided documents.";

  /** Sentences with fewer content words are headings or fragments, not answers. */
  static final int MIN_SENTENCE_TERMS = 3;

  /** Above this term overlap (Jaccard) a sentence repeats one already chosen. */
  static final double REDUNDANT = 0.6;

  /** A chosen sentence must score at least this share of the best one. */
  static final double RELATIVE_FLOOR = 0.5;

  /** Share of a term's weight earned when it occurs only in the section path or title. */
  static final double HEADING_CREDIT = 0.5;

  private final double minRelevance;
  private final int maxSentences;

  /**
   * @param minRelevance share of the question's IDF weight a sentence must cover, in [0, 1]
   * @param maxSentences most sentences in an answer, in [1, 10]
   */
  public ExtractiveAnswerer(double minRelevance, int maxSentences) {
    if (!(minRelevance >= 0 && minRelevance <= 1)) {
      throw new IllegalArgumentException("minRelevance " + minRelevance + " outside [0, 1]");
    }
    if (maxSentences < 1 || maxSentences > 10) {
      throw new IllegalArgumentException("maxSentences " + maxSentences + " outside [1, 10]");
    }
    this.minRelevance = minRelevance;
    this.maxSentences = maxSentences;
  }

  /** A sentence chosen for the answer, with the source it cites and its relevance. */
  public record CitedSentence(int source, String text, int offset, double relevance) {}

  /** The composed text ({@link #DONT_KNOW} when {@code sentences} is empty) and its sentences. */
  public record Result(String text, List<CitedSentence> sentences) {
    public boolean known() {
      return !sentences.isEmpty();
    }
  }

  public Result answer(String question, List<Source> sources) {
    Set<String> asked = new HashSet<>(Terms.of(question));
    List<Scored> pool = new ArrayList<>();
    for (Source source : sources) {
      Set<String> heading =
          new HashSet<>(Terms.of(source.title() + " " + String.valueOf(source.section())));
      // Flagged on the whole text, not sentence by sentence: a note's block spans its paragraph.
      Set<SentenceSplitter.Span> injected = new HashSet<>(InjectionGuard.flagged(source.text()));
      for (SentenceSplitter.Span span : SentenceSplitter.split(source.text())) {
        List<String> terms = Terms.of(span.text());
        if (terms.size() >= MIN_SENTENCE_TERMS && !injected.contains(span)) {
          pool.add(new Scored(source, span, new HashSet<>(terms), heading));
        }
      }
    }
    if (asked.isEmpty() || pool.isEmpty()) {
      return new Result(DONT_KNOW, List.of());
    }
    Map<String, Double> idf = idf(asked, pool);
    double total = idf.values().stream().mapToDouble(Double::doubleValue).sum();
    for (Scored s : pool) {
      double covered = 0;
      for (String term : asked) {
        if (s.terms.contains(term)) {
          covered += idf.get(term);
        } else if (s.heading.contains(term)) {
          covered += HEADING_CREDIT * idf.get(term);
        }
      }
      s.relevance = covered / total;
    }
    pool.sort(
        Comparator.comparingDouble((Scored s) -> -s.relevance)
            .thenComparingInt(s -> s.source.candidate().rank())
            .thenComparingInt(s -> s.span.start()));
    List<Scored> chosen = choose(pool);
    if (chosen.isEmpty()) {
      return new Result(DONT_KNOW, List.of());
    }
    // Best sentence first, then the rest in source and reading order.
    List<Scored> ordered = new ArrayList<>(chosen.subList(0, 1));
    chosen.stream()
        .skip(1)
        .sorted(
            Comparator.comparingInt((Scored s) -> s.source.number())
                .thenComparingInt(s -> s.span.start()))
        .forEach(ordered::add);
    StringBuilder text = new StringBuilder();
    List<CitedSentence> sentences = new ArrayList<>();
    for (Scored s : ordered) {
      if (!text.isEmpty()) {
        text.append(' ');
      }
      text.append(cite(s.span.text(), s.source.number()));
      sentences.add(
          new CitedSentence(s.source.number(), s.span.text(), s.span.start(), s.relevance));
    }
    return new Result(text.toString(), List.copyOf(sentences));
  }

  private List<Scored> choose(List<Scored> bestFirst) {
    List<Scored> chosen = new ArrayList<>();
    double best = bestFirst.getFirst().relevance;
    for (Scored s : bestFirst) {
      if (chosen.size() == maxSentences
          || s.relevance < minRelevance
          || s.relevance < RELATIVE_FLOOR * best) {
        break;
      }
      if (chosen.stream().noneMatch(c -> jaccard(c.terms, s.terms) > REDUNDANT)) {
        chosen.add(s);
      }
    }
    return chosen;
  }

  private static Map<String, Double> idf(Set<String> asked, List<Scored> pool) {
    Map<String, Double> idf = new HashMap<>();
    List<String> absent = new ArrayList<>();
    int n = pool.size();
    for (String term : asked) {
      long df =
          pool.stream().filter(s -> s.terms.contains(term) || s.heading.contains(term)).count();
      if (df == 0) {
        absent.add(term);
      } else {
        idf.put(term, Math.log((n + 1.0) / (df + 0.5)));
      }
    }
    double mean = idf.values().stream().mapToDouble(Double::doubleValue).average().orElse(1.0);
    absent.forEach(term -> idf.put(term, mean));
    return idf;
  }

  private static double jaccard(Set<String> a, Set<String> b) {
    Set<String> both = new HashSet<>(a);
    both.retainAll(b);
    return both.size() / (double) (a.size() + b.size() - both.size());
  }

  /** "It takes one minute." → "It takes one minute [2]." */
  static String cite(String sentence, int source) {
    String marker = " [" + source + "]";
    int end = sentence.length();
    if (end > 0 && ".!?".indexOf(sentence.charAt(end - 1)) >= 0) {
      return sentence.substring(0, end - 1) + marker + sentence.charAt(end - 1);
    }
    return sentence + marker;
  }

  /** A candidate sentence; relevance is filled in once IDF is known. */
  private static final class Scored {
    final Source source;
    final SentenceSplitter.Span span;
    final Set<String> terms;
    final Set<String> heading;
    double relevance;

    Scored(Source source, SentenceSplitter.Span span, Set<String> terms, Set<String> heading) {
      this.source = source;
      this.span = span;
      this.terms = terms;
      this.heading = heading;
    }
  }
}
