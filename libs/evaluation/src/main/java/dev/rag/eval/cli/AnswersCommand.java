package dev.rag.eval.cli;

import dev.rag.eval.answers.AbstentionCurve;
import dev.rag.eval.answers.AnswerItem;
import dev.rag.eval.answers.AnswerScore;
import dev.rag.eval.answers.AnswerSetReader;
import dev.rag.eval.answers.AnswerSummary;
import dev.rag.eval.platform.PlatformClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code rag eval --answers}: answer quality of the running platform on a question set. Progress
 * and failures go to stderr; stdout carries only the table and the final JSON line.
 */
final class AnswersCommand {

  /** Exit status when the platform answered no question at all (nothing listening, time-outs). */
  static final int UNREACHABLE = 4;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private AnswersCommand() {}

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    AnswerEvalOptions options;
    try {
      options = AnswerEvalOptions.parse(args, env);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println(AnswerEvalOptions.USAGE);
      return 2;
    }
    try {
      List<AnswerItem> items = AnswerSetReader.read(options.set());
      long unanswerable = items.stream().filter(AnswerItem::unanswerable).count();
      err.printf(
          "%s: %d questions (%d unanswerable), collection %s, expansions %s%n",
          options.set(),
          items.size(),
          unanswerable,
          options.collection(),
          options.expansionLabel());
      PlatformClient platform =
          new PlatformClient(options.url(), options.apiKey(), options.requestTimeout());
      List<AnswerScore> scores =
          new AnswerEvaluation(
                  platform, options.collection(), options.concurrency(), options.expansions())
              .run(items, err);
      if (scores.stream().allMatch(s -> noResponse(s.reply().failure()))) {
        err.println(
            "error: no answer from " + options.url() + ": " + scores.getFirst().reply().failure());
        return UNREACHABLE;
      }
      long unexpanded = scores.stream().filter(s -> s.reply().expansionSkipped()).count();
      if (unexpanded > 0) {
        err.printf(
            "warning: %d answers were retrieved without the expansions asked for (the platform"
                + " has no generative model)%n",
            unexpanded);
      }
      scores.stream()
          .filter(s -> s.reply().failure() != null)
          .limit(5)
          .forEach(s -> err.printf("%s failed: %s%n", s.item().id(), s.reply().failure()));
      if (options.details() != null) {
        writeDetails(options, scores);
      }
      List<AbstentionCurve.Point> curve =
          options.curveStep() > 0 ? AbstentionCurve.of(scores, options.curveStep()) : List.of();
      if (options.curveStep() > 0 && curve.isEmpty()) {
        err.println("no curve: the platform reports no answer confidence");
      }
      AnswerEvalReport report =
          new AnswerEvalReport(
              setName(options),
              options.collection(),
              options.expansionLabel(),
              AnswerSummary.of(scores),
              curve);
      if (!options.json()) {
        out.print(report.table());
      }
      out.println(report.json());
      return report.summary().failed() > 0 ? EvalCommand.PARTIAL : 0;
    } catch (IOException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("error: interrupted");
      return 1;
    }
  }

  private static boolean noResponse(String failure) {
    return failure != null && failure.startsWith("no response");
  }

  private static String setName(AnswerEvalOptions options) {
    String file = options.set().getFileName().toString();
    return file.endsWith(".jsonl") ? file.substring(0, file.length() - 6) : file;
  }

  /** One JSON line per question: what was asked, answered and scored (for reading the misses). */
  private static void writeDetails(AnswerEvalOptions options, List<AnswerScore> scores)
      throws IOException {
    List<String> lines = new ArrayList<>();
    for (AnswerScore s : scores) {
      ObjectNode line = JSON.createObjectNode();
      line.put("id", s.item().id());
      line.put("question", s.item().question());
      line.put("unanswerable", s.item().unanswerable());
      line.put("answer", s.reply().text());
      line.put("abstained", s.reply().abstained());
      if (s.reply().confidence() != null) {
        line.put("confidence", s.reply().confidence());
      }
      line.put("containsGold", s.containsGold());
      line.put("f1", EvalReport.round(s.f1(), 4));
      line.put("goldCited", s.goldCited());
      s.reply().citedDocuments().forEach(line.putArray("cited")::add);
      line.put("latencyMs", EvalReport.round(s.reply().latencyMs(), 1));
      if (s.reply().failure() != null) {
        line.put("failure", s.reply().failure());
      }
      lines.add(JSON.writeValueAsString(line));
    }
    Files.write(options.details(), lines, StandardCharsets.UTF_8);
  }
}
