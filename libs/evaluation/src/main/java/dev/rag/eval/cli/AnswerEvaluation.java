package dev.rag.eval.cli;

import dev.rag.eval.answers.AnswerItem;
import dev.rag.eval.answers.AnswerReply;
import dev.rag.eval.answers.AnswerScore;
import dev.rag.eval.platform.PlatformClient;
import dev.rag.eval.platform.PlatformException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks every question of a set through {@code /v1/answers}, {@code concurrency} at a time, and
 * scores each reply. A request that fails is scored as failed, not retried (beyond the client's 429
 * back-off): the report counts it.
 */
final class AnswerEvaluation {

  private final PlatformClient platform;
  private final String collection;
  private final int concurrency;
  private final List<String> expansions;

  /**
   * @param expansions the query expansions every answer asks for; null: the platform's own
   */
  AnswerEvaluation(
      PlatformClient platform, String collection, int concurrency, List<String> expansions) {
    this.platform = platform;
    this.collection = collection;
    this.concurrency = concurrency;
    this.expansions = expansions;
  }

  /** The scores, in the set's order. Progress every 10 questions on {@code err}. */
  List<AnswerScore> run(List<AnswerItem> items, PrintStream err) throws InterruptedException {
    AtomicInteger done = new AtomicInteger();
    List<Future<AnswerScore>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
      for (AnswerItem item : items) {
        futures.add(
            pool.submit(
                () -> {
                  AnswerScore score = AnswerScore.of(item, ask(item));
                  int n = done.incrementAndGet();
                  if (n % 10 == 0 || n == items.size()) {
                    err.printf("answered %d/%d%n", n, items.size());
                  }
                  return score;
                }));
      }
      List<AnswerScore> scores = new ArrayList<>();
      for (Future<AnswerScore> future : futures) {
        scores.add(future.get());
      }
      return scores;
    } catch (ExecutionException e) {
      throw new IllegalStateException("an answer could not be scored", e.getCause());
    }
  }

  /** One question; a failure becomes a failed reply with the reason ("no response: ..."). */
  private AnswerReply ask(AnswerItem item) {
    long start = System.nanoTime();
    try {
      return AnswerReply.of(
          platform.answer(item.question(), collection, expansions), elapsedMs(start));
    } catch (PlatformException e) {
      return AnswerReply.failed(e.reason(), elapsedMs(start));
    }
  }

  private static double elapsedMs(long start) {
    return (System.nanoTime() - start) / 1e6;
  }
}
