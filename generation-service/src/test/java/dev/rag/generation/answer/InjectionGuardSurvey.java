package dev.rag.generation.answer;

import dev.rag.encoders.chunking.SentenceSplitter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The guard's false-positive rate on text that holds no injection: every sentence of the sample
 * collection and of the SciFact abstracts (title and text). Not part of the build (the name does
 * not end in {@code Test}); run it by name, the numbers go to {@code bench/RESULTS.md}:
 *
 * <pre>
 * ./mvnw -B -q -o -pl generation-service test -Dtest=InjectionGuardSurvey \
 *     -Drag.scifact.corpus=../shared/datasets/scifact/corpus.jsonl.gz
 * </pre>
 *
 * SciFact is CC BY-NC: it is read in place, never copied into the repository.
 */
class InjectionGuardSurvey {

  private static final int EXAMPLES = 20;

  @Test
  void samples() {
    report("samples/ (md, html, docx, pdf, README)", SampleText.sampleSentences());
  }

  @Test
  void scifactAbstracts() throws IOException {
    Path corpus = scifact();
    Assumptions.assumeTrue(
        corpus != null, "SciFact corpus not found; pass -Drag.scifact.corpus=PATH");
    JsonMapper json = JsonMapper.builder().build();
    List<String> sentences = new ArrayList<>();
    int documents = 0;
    try (var reader =
        new java.io.BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(corpus)), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        JsonNode doc = json.readTree(line);
        documents++;
        // The title is a sentence of its own, as a heading is in our chunks.
        String text = doc.path("title").asString() + "\n\n" + doc.path("text").asString();
        SentenceSplitter.split(text).forEach(s -> sentences.add(s.text()));
      }
    }
    report("SciFact corpus (" + documents + " abstracts)", sentences);
  }

  private static Path scifact() {
    String given = System.getProperty("rag.scifact.corpus");
    List<Path> candidates =
        given != null
            ? List.of(Path.of(given))
            : List.of(
                Path.of("../shared/datasets/scifact/corpus.jsonl.gz"),
                Path.of("../../shared/datasets/scifact/corpus.jsonl.gz"));
    return candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
  }

  private static void report(String name, List<String> sentences) {
    long start = System.nanoTime();
    Map<InjectionCues.Cue, Integer> byCue = new EnumMap<>(InjectionCues.Cue.class);
    List<String> examples = new ArrayList<>();
    for (String s : sentences) {
      var cue = InjectionCues.find(s);
      if (cue.isPresent()) {
        byCue.merge(cue.get(), 1, Integer::sum);
        if (examples.size() < EXAMPLES) {
          examples.add(cue.get() + ": " + s);
        }
      }
    }
    double ms = (System.nanoTime() - start) / 1e6;
    int flagged = byCue.values().stream().mapToInt(Integer::intValue).sum();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%s: %d sentences, %d flagged, false-positive rate %.4f %% %s, %.0f ms (%.1f us/sentence)%n",
            name,
            sentences.size(),
            flagged,
            100.0 * flagged / sentences.size(),
            byCue,
            ms,
            1000 * ms / sentences.size()));
    examples.forEach(e -> out.append("  ").append(e).append('\n'));
    System.out.print(out);
    try {
      Files.writeString(
          Path.of("target", "injection-guard-survey.txt"),
          out,
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
