package dev.rag.eval.beir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationSetTest {

  @Test
  void evaluatesOnlyQueriesWithARelevantJudgementInQueriesFileOrder() throws Exception {
    BeirDataset tiny = Fixtures.tiny();
    EvaluationSet set =
        EvaluationSet.of(QueriesReader.read(tiny.queries()), QrelsReader.read(tiny.qrels()));

    assertThat(set.queries()).extracting(q -> q.query().id()).containsExactly("q1", "q2");
    assertThat(set.queries().getFirst().query().text()).isEqualTo("does aspirin help headaches");
    assertThat(set.unjudged()).isEqualTo(1); // q3
    assertThat(set.withoutRelevant()).isEqualTo(1); // q4: only a 0 grade
    assertThat(set.judgedButMissing()).containsExactly("q9");
  }

  @Test
  void datasetIsNamedAfterTheCorpusFolder() {
    assertThat(Fixtures.tiny().name()).isEqualTo("tiny");
  }

  @Test
  void queriesReaderRejectsDuplicatesAndEmptyText(@TempDir Path dir) throws Exception {
    Path duplicate = dir.resolve("queries.jsonl");
    Files.writeString(
        duplicate, "{\"_id\":\"q\",\"text\":\"a\"}\n{\"_id\":\"q\",\"text\":\"b\"}\n");
    assertThatThrownBy(() -> QueriesReader.read(duplicate))
        .hasMessageContaining(":2: duplicate query id 'q'");
    Path empty = dir.resolve("empty.jsonl");
    Files.writeString(empty, "{\"_id\":\"q\",\"text\":\" \"}\n");
    assertThatThrownBy(() -> QueriesReader.read(empty))
        .hasMessageContaining(":1: query 'q' has no \"text\"");
  }

  @Test
  void datasetRejectsMissingFiles(@TempDir Path dir) {
    Path missing = dir.resolve("corpus.jsonl");
    assertThatThrownBy(() -> new BeirDataset(missing, missing, missing))
        .hasMessageContaining("corpus file '" + missing + "' does not exist");
  }
}
