package dev.rag.generation.answer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers without a generative model: the sentences of the sources that best answer the question,
 * each cited, or "I don't know" when the evidence is too weak ({@link AnswerConfidence}).
 *
 * <p>A sentence's score blends words and meaning. Words: the share of the question's IDF weight the
 * sentence contains, IDF computed over the candidate sentences themselves (Robertson–Spärck Jones
 * with +0.5 smoothing), so rare question words ("coliform", "555-0142") count more than common ones
 * ("water"); a question word absent from every sentence weighs the mean IDF of the present ones
 * (its own IDF would be the largest of all and let one paraphrased word veto a good answer); words
 * of the sentence's section path and document title count at {@link #HEADING_CREDIT}, since a
 * heading ("Main Breaks") is part of what each sentence below it says. Meaning: the cosine of the
 * sentence's and the question's embeddings ({@link SentenceSimilarity}), mapped to [0, 1] by {@link
 * #meaning}; without it (no similarity configured, or it failed) the score is the words' share
 * alone. Ties are broken by the source's rank.
 *
 * <p>Only sentences are quoted ({@link SourceSentences}): never headings, list markers or a table
 * as it stands; a table row, rendered as "header: value" pairs, only when it is the best match, and
 * then alone. The best sentence comes first, the others follow in source and reading order.
 * Instruction-like sentences ({@link InjectionGuard#flagged}) are never chosen.
 */
public final class ExtractiveAnswerer {

  /** The answer when the evidence does not support one. */
  public static final String DONT_KNOW = "I don't know based on the provided documents.";

  /** Sentences with fewer content words are fragments, not answers. */
  static final int MIN_SENTENCE_TERMS = 3;

  /** Above this term overlap (Jaccard) a sentence repeats one already chosen. */
  static final double REDUNDANT = 0.6;

  /** A further sentence must score at least this share of the best one. */
  static final double RELATIVE_FLOOR = 0.75;

  /**
   * Factor on a table row's score: a row packs many facts in one line and matches many questions by
   * its words alone, so it is chosen only when it clearly is the answer.
   */
  static final double TABLE_ROW_WEIGHT = 0.8;

  /** Share of a term's weight earned when it occurs only in the section path or title. */
  static final double HEADING_CREDIT = 0.5;

  /**
   * Cosines of bge-small query embeddings below this mean unrelated text (measured on the samples:
   * an unrelated sentence scores about 0.55, a sentence on the topic about 0.8, the answer 0.9).
   */
  static final double UNRELATED_COSINE = 0.5;

  /** Cosine from which a sentence counts as fully similar. */
  static final double SIMILAR_COSINE = 0.9;

  private final double minRelevance;
  private final int maxSentences;
  private final double similarityWeight;
  private final int similaritySentences;
  private final AnswerConfidence confidence;
  private final SentenceSimilarity similarity;

  /**
   * @param minRelevance score every quoted sentence must reach, in [0, 1]
   * @param maxSentences most sentences in an answer, in [1, 10]
   * @param similarityWeight share of a score from meaning, in [0, 1]
   * @param similaritySentences how many of the best sentences by words are scored by meaning
   * @param confidence decides when the evidence is too weak to answer
   * @param similarity sentence ↔ question similarity; null scores by words alone
   */
  public ExtractiveAnswerer(
      double minRelevance,
      int maxSentences,
      double similarityWeight,
      int similaritySentences,
      AnswerConfidence confidence,
      SentenceSimilarity similarity) {
    if (!(minRelevance >= 0 && minRelevance <= 1)) {
      throw new IllegalArgumentException("minRelevance " + minRelevance + " outside [0, 1]");
    }
    if (maxSentences < 1 || maxSentences > 10) {
      throw new IllegalArgumentException("maxSentences " + maxSentences + " outside [1, 10]");
    }
    if (!(similarityWeight >= 0 && similarityWeight <= 1)) {
      throw new IllegalArgumentException(
          "similarityWeight " + similarityWeight + " outside [0, 1]");
    }
    this.minRelevance = minRelevance;
    this.maxSentences = maxSentences;
    if (similaritySentences < 1) {
      throw new IllegalArgumentException(
          "similaritySentences " + similaritySentences + " must be >= 1");
    }
    this.similarityWeight = similarityWeight;
    this.similaritySentences = similaritySentences;
    this.confidence = confidence;
    this.similarity = similarity;
  }

  /** Words only, with a confidence that never abstains on its own (tests, tools). */
  public ExtractiveAnswerer(double minRelevance, int maxSentences) {
    this(minRelevance, maxSentences, 0, 1, AnswerConfidence.never(), null);
  }

  /**
   * A sentence chosen for the answer.
   *
   * @param source the number of the source it cites
   * @param text the quoted text
   * @param start offset of the quoted text in the source's text
   * @param end offset just after it
   * @param relevance its score in [0, 1]
   */
  public record CitedSentence(int source, String text, int start, int end, double relevance) {}

  /**
   * The composed text ({@link #DONT_KNOW} when {@code sentences} is empty), its sentences, the
   * evidence the decision rests on, and why meaning was not used (null when it was, or was not
   * configured).
   */
  public record Result(
      String text,
      List<CitedSentence> sentences,
      AnswerConfidence.Evidence evidence,
      String similarityFailure) {
    public boolean known() {
      return !sentences.isEmpty();
    }
  }

  public Result answer(String question, List<Source> sources) {
    Set<String> asked = new HashSet<>(Terms.of(question));
    List<Scored> pool = candidates(sources);
    if (asked.isEmpty() || pool.isEmpty()) {
      return new Result(DONT_KNOW, List.of(), AnswerConfidence.Evidence.NONE, null);
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
      s.words = covered / total;
      s.relevance = s.words * s.weight();
    }
    String similarityFailure = null;
    if (similarity != null && similarityWeight > 0) {
      // Meaning is scored for the best sentences by words only: embedding every sentence of
      // every source costs a model run each, and a sentence that shares almost no word with the
      // question is rarely its answer. The others score as if unrelated in meaning.
      List<Scored> byWords = new ArrayList<>(pool);
      byWords.sort(Comparator.comparingDouble((Scored s) -> -s.relevance));
      List<Scored> compared = byWords.subList(0, Math.min(similaritySentences, byWords.size()));
      SentenceSimilarity.Outcome outcome =
          similarity.of(question, compared.stream().map(s -> s.unit.text()).toList());
      if (outcome.available()) {
        for (Scored s : pool) {
          s.relevance = (1 - similarityWeight) * s.words * s.weight();
        }
        for (int i = 0; i < compared.size(); i++) {
          Scored s = compared.get(i);
          s.meaning = meaning(outcome.cosines()[i]);
          s.relevance =
              ((1 - similarityWeight) * s.words + similarityWeight * s.meaning) * s.weight();
        }
      } else {
        similarityFailure = outcome.failure();
      }
    }
    pool.sort(
        Comparator.comparingDouble((Scored s) -> -s.relevance)
            .thenComparingInt(s -> s.source.candidate().rank())
            .thenComparingInt(s -> s.unit.start()));
    Scored best = pool.getFirst();
    AnswerConfidence.Evidence evidence = confidence.evidence(best.words, best.meaning, best.source);
    List<Scored> chosen = confidence.abstains(evidence) ? List.of() : choose(pool);
    if (chosen.isEmpty()) {
      return new Result(DONT_KNOW, List.of(), evidence, similarityFailure);
    }
    // Best sentence first, then the rest in source and reading order.
    List<Scored> ordered = new ArrayList<>(chosen.subList(0, 1));
    chosen.stream()
        .skip(1)
        .sorted(
            Comparator.comparingInt((Scored s) -> s.source.number())
                .thenComparingInt(s -> s.unit.start()))
        .forEach(ordered::add);
    StringBuilder text = new StringBuilder();
    List<CitedSentence> sentences = new ArrayList<>();
    for (Scored s : ordered) {
      if (!text.isEmpty()) {
        text.append(' ');
      }
      text.append(cite(s.unit.text(), s.source.number()));
      sentences.add(
          new CitedSentence(
              s.source.number(), s.unit.text(), s.unit.start(), s.unit.end(), s.relevance));
    }
    return new Result(text.toString(), List.copyOf(sentences), evidence, similarityFailure);
  }

  /** Cosine → [0, 1]: 0 up to {@link #UNRELATED_COSINE}, 1 from {@link #SIMILAR_COSINE}. */
  static double meaning(double cosine) {
    double scaled = (cosine - UNRELATED_COSINE) / (SIMILAR_COSINE - UNRELATED_COSINE);
    return Math.max(0, Math.min(1, scaled));
  }

  private static List<Scored> candidates(List<Source> sources) {
    List<Scored> pool = new ArrayList<>();
    for (Source source : sources) {
      Set<String> heading =
          new HashSet<>(Terms.of(source.title() + " " + String.valueOf(source.section())));
      // Flagged on the whole text, not sentence by sentence: a note's block spans its paragraph.
      List<int[]> injected =
          InjectionGuard.flagged(source.text()).stream()
              .map(span -> new int[] {span.start(), span.end()})
              .toList();
      for (SourceSentences.Unit unit :
          SourceSentences.of(source.text(), source.title(), source.chunk().sectionPath())) {
        List<String> terms = Terms.of(unit.text());
        boolean flagged = injected.stream().anyMatch(f -> unit.start() < f[1] && unit.end() > f[0]);
        if (terms.size() >= MIN_SENTENCE_TERMS && !flagged) {
          pool.add(new Scored(source, unit, new HashSet<>(terms), heading));
        }
      }
    }
    return pool;
  }

  private List<Scored> choose(List<Scored> bestFirst) {
    List<Scored> chosen = new ArrayList<>();
    Scored best = bestFirst.getFirst();
    if (best.relevance < minRelevance) {
      return chosen;
    }
    chosen.add(best);
    if (best.unit.kind() == SourceSentences.Kind.TABLE_ROW) {
      return chosen; // a row answers alone: its neighbours are other rows, not explanation
    }
    for (Scored s : bestFirst.subList(1, bestFirst.size())) {
      if (chosen.size() == maxSentences
          || s.relevance < minRelevance
          || s.relevance < RELATIVE_FLOOR * best.relevance) {
        break;
      }
      if (s.unit.kind() == SourceSentences.Kind.SENTENCE
          && chosen.stream().noneMatch(c -> jaccard(c.terms, s.terms) > REDUNDANT)) {
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

  /** A candidate sentence; its scores are filled in once IDF and similarities are known. */
  private static final class Scored {
    final Source source;
    final SourceSentences.Unit unit;
    final Set<String> terms;
    final Set<String> heading;
    double words;
    double meaning = Double.NaN;
    double relevance;

    Scored(Source source, SourceSentences.Unit unit, Set<String> terms, Set<String> heading) {
      this.source = source;
      this.unit = unit;
      this.terms = terms;
      this.heading = heading;
    }

    /** A table row must clearly beat the sentences to be the answer. */
    double weight() {
      return unit.kind() == SourceSentences.Kind.TABLE_ROW ? TABLE_ROW_WEIGHT : 1;
    }
  }
}
