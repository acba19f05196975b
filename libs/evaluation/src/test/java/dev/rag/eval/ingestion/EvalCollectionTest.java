package dev.rag.eval.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EvalCollectionTest {

  private static final String SCIFACT_SHA256 =
      "ae39e2b331413acd6c58c262e3d2c1bf2b4afb5407ccfa6d06dd3f06e5da1f28";

  @Test
  void namesTheCollectionAfterDatasetAndCorpusDigest() {
    assertThat(EvalCollection.name("scifact", SCIFACT_SHA256)).isEqualTo("eval-scifact-ae39e2b3");
    assertThat(EvalCollection.name("scifact", SCIFACT_SHA256.toUpperCase()))
        .isEqualTo("eval-scifact-ae39e2b3");
  }

  @Test
  void slugsDatasetNamesToTheCollectionRule() {
    assertThat(EvalCollection.name("CQADupStack/Android", SCIFACT_SHA256))
        .isEqualTo("eval-cqadupstack-android-ae39e2b3");
    assertThat(EvalCollection.name("...", SCIFACT_SHA256)).isEqualTo("eval-dataset-ae39e2b3");
    String longName = EvalCollection.name("x".repeat(200), SCIFACT_SHA256);
    assertThat(longName)
        .hasSizeLessThanOrEqualTo(64)
        .endsWith("-ae39e2b3")
        .matches(EvalCollection.NAME);
  }

  @Test
  void rejectsSomethingThatIsNotADigest() {
    assertThatThrownBy(() -> EvalCollection.name("scifact", "xyz"))
        .hasMessageContaining("corpusSha256 must be at least 8 hex digits, was 'xyz'");
  }
}
