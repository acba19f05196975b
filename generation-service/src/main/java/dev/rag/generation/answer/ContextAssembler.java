package dev.rag.generation.answer;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns reranked candidates into the numbered sources of a context: overlapping chunks of the same
 * document are kept once (chunking repeats ~15 % of each chunk in the next, and a document re-sent
 * under another id repeats it all), and the strongest sources go to the start and the end of the
 * context, the weakest to the middle, because language models use the middle of a long context
 * least (Liu et al., "Lost in the Middle", TACL 2024). Sources are numbered in the order they are
 * shown.
 */
public final class ContextAssembler {

  /** Overlap, as a share of the shorter chunk, above which two chunks count as one. */
  static final double DUPLICATE_OVERLAP = 0.5;

  private ContextAssembler() {}

  /** Candidates best first without near-duplicates of better ones. */
  public static List<Candidate> deduplicate(List<Candidate> bestFirst) {
    List<Candidate> kept = new ArrayList<>();
    for (Candidate c : bestFirst) {
      if (kept.stream().noneMatch(k -> duplicates(k, c))) {
        kept.add(c);
      }
    }
    return kept;
  }

  static boolean duplicates(Candidate a, Candidate b) {
    if (normalised(a.text()).equals(normalised(b.text()))) {
      return true;
    }
    var x = a.chunk();
    var y = b.chunk();
    if (x.documentId() == null
        || !x.documentId().equals(y.documentId())
        || x.version() != y.version()) {
      return false;
    }
    int overlap =
        Math.min(x.endOffset(), y.endOffset()) - Math.max(x.startOffset(), y.startOffset());
    int shorter = Math.min(x.endOffset() - x.startOffset(), y.endOffset() - y.startOffset());
    return shorter > 0 && overlap > DUPLICATE_OVERLAP * shorter;
  }

  private static String normalised(String text) {
    return text.strip().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Orders {@code bestFirst} so that rank 1 comes first, rank 2 last, rank 3 second, rank 4 second
   * to last, and so on.
   */
  public static <T> List<T> strongestAtTheEdges(List<T> bestFirst) {
    int n = bestFirst.size();
    List<T> front = new ArrayList<>();
    List<T> back = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      (i % 2 == 0 ? front : back).add(bestFirst.get(i));
    }
    List<T> arranged = new ArrayList<>(front);
    for (int i = back.size() - 1; i >= 0; i--) {
      arranged.add(back.get(i));
    }
    return arranged;
  }

  /**
   * Numbers {@code bestFirst} in display order (see {@link #strongestAtTheEdges}), flagging
   * injections.
   */
  public static List<Source> number(List<Candidate> bestFirst) {
    List<Source> sources = new ArrayList<>();
    for (Candidate c : strongestAtTheEdges(bestFirst)) {
      sources.add(
          new Source(
              sources.size() + 1,
              c,
              InjectionGuard.containsInjection(
                  c.chunk().text() == null ? c.text() : c.chunk().text())));
    }
    return sources;
  }
}
