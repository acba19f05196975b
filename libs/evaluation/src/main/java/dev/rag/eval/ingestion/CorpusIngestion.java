package dev.rag.eval.ingestion;

import dev.rag.eval.beir.BeirDataset;
import dev.rag.eval.beir.CorpusReader;
import dev.rag.eval.platform.DocumentStatus;
import dev.rag.eval.platform.PlatformClient;
import dev.rag.eval.platform.PlatformException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Makes sure the corpus is indexed in its evaluation collection: reuses the collection when every
 * document is already {@code INDEXED}; otherwise publishes the documents not yet indexed and polls
 * the registry, with a progress line on stderr, until none is pending or the timeout passes.
 */
public final class CorpusIngestion {

  /**
   * How often the registry is polled. Each poll lists the whole collection (the endpoint has no
   * paging; about 1.5 MB for SciFact), so not more often than this on a busy machine.
   */
  private static final Duration POLL = Duration.ofSeconds(5);

  /** A progress line is printed on change, and at least this often. */
  private static final Duration HEARTBEAT = Duration.ofSeconds(30);

  private final PlatformClient platform;
  private final CorpusPublisher publisher;
  private final PrintStream err;

  public CorpusIngestion(PlatformClient platform, CorpusPublisher publisher, PrintStream err) {
    this.platform = platform;
    this.publisher = publisher;
    this.err = err;
  }

  /**
   * The corpus's ids and fingerprint.
   *
   * @param ids every document id, in file order
   * @param sha256 hex digest of the uncompressed corpus
   */
  public record Corpus(Set<String> ids, String sha256) {}

  /**
   * How ingestion ended.
   *
   * @param collection where the corpus lives
   * @param reused true when nothing had to be published
   * @param published documents sent to Kafka by this run
   * @param progress the final registry count
   */
  public record Outcome(
      String collection, boolean reused, int published, IndexingProgress progress) {}

  /** Reads the corpus once for its ids and digest. */
  public static Corpus scan(BeirDataset dataset) throws IOException {
    Set<String> ids = new LinkedHashSet<>();
    String sha256 = CorpusReader.read(dataset.corpus(), document -> ids.add(document.id()));
    if (ids.isEmpty()) {
      throw new IOException("corpus " + dataset.corpus() + " holds no documents");
    }
    return new Corpus(ids, sha256);
  }

  /**
   * @throws IOException when publishing fails or the corpus is not indexed within {@code timeout}
   * @throws PlatformException when the registry cannot be read at the start
   */
  public Outcome ensureIndexed(
      BeirDataset dataset, Corpus corpus, String collection, Duration timeout)
      throws IOException, PlatformException, InterruptedException {
    Optional<List<DocumentStatus>> listed = platform.documents(collection);
    IndexingProgress progress = IndexingProgress.of(corpus.ids(), listed.orElse(List.of()));
    if (progress.indexed() == progress.total()) {
      err.printf(
          "collection %s already holds all %d documents indexed: reusing it%n",
          collection, progress.total());
      return new Outcome(collection, true, 0, progress);
    }
    Set<String> done = new HashSet<>();
    listed.orElse(List.of()).stream()
        .filter(DocumentStatus::indexed)
        .forEach(d -> done.add(d.id()));
    err.printf(
        "ingesting %d of %d documents into %s through Kafka (%s)%n",
        progress.total() - done.size(), progress.total(), collection, "rag.documents");
    long deadline = System.nanoTime() + timeout.toNanos();
    int published =
        publisher.publish(
            dataset.corpus(), dataset.name(), collection, id -> !done.contains(id), err);
    err.printf(
        "published %d documents; waiting for them to be indexed (timeout %d s)%n",
        published, timeout.toSeconds());
    progress = await(corpus.ids(), collection, deadline, timeout);
    return new Outcome(collection, false, published, progress);
  }

  private IndexingProgress await(
      Set<String> ids, String collection, long deadline, Duration timeout)
      throws IOException, InterruptedException {
    IndexingProgress progress = null;
    String lastLine = "";
    long lastPrint = 0;
    String lastError = null;
    while (true) {
      try {
        progress = IndexingProgress.of(ids, platform.documents(collection).orElse(List.of()));
        lastError = null;
        String line = progress.line();
        if (!line.equals(lastLine) || System.nanoTime() - lastPrint > HEARTBEAT.toNanos()) {
          err.println(line);
          lastLine = line;
          lastPrint = System.nanoTime();
        }
        if (progress.complete()) {
          if (progress.failed() > 0) {
            err.printf(
                "warning: %d documents FAILED in the pipeline; they cannot be retrieved%n",
                progress.failed());
          }
          return progress;
        }
      } catch (PlatformException e) {
        // A restart of a service mid-way is survivable: keep polling until the deadline.
        if (!e.reason().equals(lastError)) {
          err.println("warning: cannot read the registry (" + e.reason() + "); still waiting");
          lastError = e.reason();
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "corpus not indexed after "
                + timeout.toSeconds()
                + " s: "
                + (progress == null
                    ? "registry unreadable: " + lastError
                    : progress.line()
                        + "; still pending e.g. "
                        + progress.pendingSample()
                        + " (rejected documents land in rag.documents.dlq with the reason)")
                + "; raise --timeout or rerun: indexed documents are kept");
      }
      Thread.sleep(POLL.toMillis());
    }
  }
}
