package dev.rag.eval.answers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnswerSetReaderTest {

  @TempDir Path dir;

  private Path file(String... lines) throws IOException {
    return Files.write(dir.resolve("set.jsonl"), List.of(lines));
  }

  @Test
  void readsAnswerableAndUnanswerableQuestions() throws IOException {
    List<AnswerItem> items =
        AnswerSetReader.read(
            file(
                "{\"id\":\"q1\",\"question\":\"How long?\",\"answers\":[\"one minute\"],\"documentId\":\"d1\"}",
                "",
                "{\"question\":\"Claim.\",\"answers\":[],\"documentIds\":[\"7\",\"9\"]}",
                "{\"question\":\"Who is the mayor?\",\"unanswerable\":true}"));

    assertThat(items).hasSize(3);
    assertThat(items.get(0))
        .isEqualTo(
            new AnswerItem(
                "q1", "How long?", List.of("one minute"), java.util.Set.of("d1"), false));
    assertThat(items.get(1).id()).isEqualTo("line 3");
    assertThat(items.get(1).documentIds()).containsExactlyInAnyOrder("7", "9");
    assertThat(items.get(2).unanswerable()).isTrue();
  }

  @Test
  void refusesLinesItCannotScoreNamingTheLine() throws IOException {
    assertThatThrownBy(() -> AnswerSetReader.read(file("{\"question\":\"x\"}")))
        .hasMessageContaining("line 1")
        .hasMessageContaining("unanswerable");
    assertThatThrownBy(() -> AnswerSetReader.read(file("{}", "not json")))
        .hasMessageContaining("line 1: \"question\" must be a non-empty string");
    assertThatThrownBy(() -> AnswerSetReader.read(file("{\"question\":\"q\",\"answers\":\"x\"}")))
        .hasMessageContaining("\"answers\" must be a list of strings");
    assertThatThrownBy(
            () ->
                AnswerSetReader.read(
                    file("{\"question\":\"q\",\"answers\":[\"a\"],\"unanswerable\":true}")))
        .hasMessageContaining("an unanswerable question has no answers");
    assertThatThrownBy(() -> AnswerSetReader.read(file("", " ")))
        .hasMessageContaining("holds no questions");
  }

  @Test
  void theCommittedSetsAreReadable() throws IOException {
    Path sets = Path.of("../../bench/answer-sets");
    for (String name : List.of("samples.jsonl", "scifact-dev.jsonl", "scifact-test.jsonl")) {
      List<AnswerItem> items = AnswerSetReader.read(sets.resolve(name));
      assertThat(items).as(name).hasSizeGreaterThan(40);
      assertThat(items.stream().filter(AnswerItem::unanswerable).count()).as(name).isPositive();
    }
  }
}
