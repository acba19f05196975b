package dev.rag.eval.cli;

import dev.rag.cli.ArgumentReader;
import dev.rag.eval.beir.BeirDataset;
import dev.rag.eval.beir.BeirFormatException;
import dev.rag.eval.beir.EvaluationSet;
import dev.rag.eval.beir.JudgedQuery;
import dev.rag.eval.beir.Qrels;
import dev.rag.eval.beir.QrelsReader;
import dev.rag.eval.beir.QueriesReader;
import dev.rag.eval.ingestion.CorpusIngestion;
import dev.rag.eval.ingestion.CorpusPublisher;
import dev.rag.eval.ingestion.EvalCollection;
import dev.rag.eval.metrics.MetricMeans;
import dev.rag.eval.metrics.RankingMetric;
import dev.rag.eval.platform.PlatformClient;
import dev.rag.eval.platform.PlatformException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code rag eval}: ingest a BEIR corpus through the real pipeline, run its judged queries in every
 * retrieval mode, print nDCG@10, Recall@100 and MRR@10 per mode. Progress and warnings go to
 * stderr; stdout carries only the table and the final JSON line.
 */
public final class EvalCommand {

  /** Exit status when the report is complete but some queries failed. */
  static final int PARTIAL = 3;

  private EvalCommand() {}

  public static void main(String[] args) {
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    PrintStream err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    System.exit(run(args, System.getenv(), out, err));
  }

  /** Runs the command; returns the exit status (0 ok, 1 error, 2 usage, 3 some queries failed). */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    boolean answers = List.of(args).contains("--answers");
    if (answers && (List.of(args).contains("--help") || List.of(args).contains("-h"))) {
      out.println(AnswerEvalOptions.USAGE);
      return 0;
    }
    if (ArgumentReader.asksForHelp(args)) {
      out.println(EvalOptions.USAGE);
      return 0;
    }
    if (answers) {
      return AnswersCommand.run(args, env, out, err);
    }
    EvalOptions options;
    BeirDataset dataset;
    try {
      options = EvalOptions.parse(args, env);
      dataset = new BeirDataset(options.corpus(), options.queries(), options.qrels());
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println(EvalOptions.USAGE);
      return 2;
    }
    try {
      return evaluate(options, dataset, out, err);
    } catch (IOException | BeirFormatException | PlatformException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("error: interrupted");
      return 1;
    }
  }

  private static int evaluate(
      EvalOptions options, BeirDataset dataset, PrintStream out, PrintStream err)
      throws IOException, PlatformException, InterruptedException {
    Qrels qrels = QrelsReader.read(dataset.qrels());
    EvaluationSet set = EvaluationSet.of(QueriesReader.read(dataset.queries()), qrels);
    err.printf(
        "%s: %d judged queries to evaluate (%d without judgements and %d without a relevant"
            + " document skipped), %d judged pairs%n",
        dataset.name(), set.queries().size(), set.unjudged(), set.withoutRelevant(), qrels.pairs());
    if (!set.judgedButMissing().isEmpty()) {
      err.printf(
          "warning: %d judged query ids are not in %s, e.g. %s%n",
          set.judgedButMissing().size(),
          dataset.queries(),
          set.judgedButMissing().subList(0, Math.min(5, set.judgedButMissing().size())));
    }
    if (set.queries().isEmpty()) {
      throw new IOException(
          "no query of " + dataset.queries() + " has a relevant judgement in " + dataset.qrels());
    }

    CorpusIngestion.Corpus corpus = CorpusIngestion.scan(dataset);
    warnUnknownDocuments(set.queries(), corpus.ids(), err);
    String collection =
        options.collection() != null
            ? options.collection()
            : EvalCollection.name(dataset.name(), corpus.sha256());
    err.printf(
        "corpus: %d documents, sha256 %s; collection %s%n",
        corpus.ids().size(), corpus.sha256(), collection);
    PlatformClient platform =
        new PlatformClient(options.url(), options.apiKey(), options.requestTimeout());
    if (options.ingest()) {
      new CorpusIngestion(platform, new CorpusPublisher(options.kafka()), err)
          .ensureIndexed(dataset, corpus, collection, options.timeout());
    }

    Set<EvalMode> run = EnumSet.copyOf(options.modes());
    Optional<String> rerankSkipped = Optional.empty();
    if (run.contains(EvalMode.HYBRID_RERANK)) {
      rerankSkipped = RerankAvailability.skipReason(platform);
      rerankSkipped.ifPresent(
          reason -> {
            err.println("hybrid+rerank skipped: " + reason);
            run.remove(EvalMode.HYBRID_RERANK);
          });
    }
    if (options.depth() < 100) {
      err.printf(
          "warning: --depth %d returns fewer than 100 chunks: Recall@100 is cut short%n",
          options.depth());
    }
    QueryEvaluation evaluation =
        new QueryEvaluation(
            platform,
            collection,
            run,
            options.depth(),
            options.rerankDepth(),
            options.concurrency());
    evaluation.preflight(set.queries().getFirst().query().text());
    List<Map<EvalMode, ModeAttempt>> attempts = evaluation.run(set.queries(), err);

    List<RankingMetric> metrics = MetricMeans.beirHeadline();
    List<ModeReport> reports = new ArrayList<>();
    for (EvalMode mode : options.modes()) {
      if (mode == EvalMode.HYBRID_RERANK && rerankSkipped.isPresent()) {
        reports.add(ModeReport.skipped(mode, rerankSkipped.get()));
      } else {
        reports.add(ModeReport.of(mode, metrics, set.queries(), attempts));
      }
    }
    int failed = 0;
    for (ModeReport report : reports) {
      failed += report.failed();
      report.failures().entrySet().stream()
          .limit(5)
          .forEach(
              f ->
                  err.printf(
                      "%s: %d queries failed: %s%n",
                      report.mode().label(), f.getValue(), f.getKey()));
      if (report.shortLists() > 0) {
        err.printf(
            "%s: %d queries got fewer than 100 documents (collapsed from --depth %d chunks)%n",
            report.mode().label(), report.shortLists(), options.depth());
      }
    }
    EvalReport report = new EvalReport(dataset.name(), collection, set.queries().size(), reports);
    if (!options.json()) {
      out.print(report.table());
    }
    out.println(report.json());
    return failed > 0 ? PARTIAL : 0;
  }

  /** Judged documents the corpus lacks can never be retrieved: worth a warning, not an error. */
  private static void warnUnknownDocuments(
      List<JudgedQuery> queries, Set<String> corpusIds, PrintStream err) {
    long unknown =
        queries.stream()
            .flatMap(q -> q.judgements().grades().keySet().stream())
            .filter(id -> !corpusIds.contains(id))
            .distinct()
            .count();
    if (unknown > 0) {
      err.printf("warning: %d judged document ids are not in the corpus%n", unknown);
    }
  }
}
