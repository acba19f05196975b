package dev.rag.eval.beir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.eval.metrics.Judgements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QrelsReaderTest {

  @Test
  void readsBeirQrelsWithHeader() throws Exception {
    Qrels qrels = QrelsReader.read(Fixtures.resource("tiny/qrels/test.tsv"));
    assertThat(qrels.byQuery()).containsOnlyKeys("q1", "q2", "q4", "q9");
    assertThat(qrels.of("q2")).contains(new Judgements(Map.of("d3", 2, "d2", 1)));
    assertThat(qrels.of("q4").orElseThrow().hasRelevant()).isFalse();
    assertThat(qrels.pairs()).isEqualTo(5);
  }

  @Test
  void readsQrelsWithoutHeaderAndTrecFourColumnQrelsAlike() throws Exception {
    Qrels noHeader = QrelsReader.read(Fixtures.resource("qrels-no-header.tsv"));
    Qrels trec = QrelsReader.read(Fixtures.resource("qrels-trec.tsv"));
    assertThat(noHeader.byQuery()).containsOnlyKeys("q1", "q2");
    assertThat(noHeader.of("q1")).contains(new Judgements(Map.of("d1", 1)));
    assertThat(trec).isEqualTo(noHeader);
  }

  @Test
  void aPairJudgedTwiceKeepsItsHigherGrade(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("dup.tsv");
    Files.writeString(file, "q1\td1\t2\nq1\td1\t0\n");
    assertThat(QrelsReader.read(file).of("q1").orElseThrow().grade("d1")).isEqualTo(2);
  }

  @Test
  void rejectsNonIntegerGradesAndWrongColumnCountsNamingTheLine(@TempDir Path dir)
      throws Exception {
    Path fractional = dir.resolve("fractional.tsv");
    Files.writeString(fractional, "q1\td1\t1\nq1\td2\t0.5\n");
    assertThatThrownBy(() -> QrelsReader.read(fractional))
        .isInstanceOf(BeirFormatException.class)
        .hasMessageContaining("fractional.tsv:2: score must be an integer");
    Path header = dir.resolve("late-header.tsv");
    Files.writeString(header, "q1\td1\t1\nquery-id\tcorpus-id\tscore\n");
    assertThatThrownBy(() -> QrelsReader.read(header)).hasMessageContaining("late-header.tsv:2:");
    Path columns = dir.resolve("columns.tsv");
    Files.writeString(columns, "q1\td1\n");
    assertThatThrownBy(() -> QrelsReader.read(columns))
        .hasMessageContaining("columns.tsv:1: expected");
  }
}
