package dev.rag.contracts.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void everyConsumedTopicHasADlqTwin() {
    assertThat(Topics.dlq(Topics.CHUNKS)).isEqualTo("rag.chunks.dlq");
    assertThat(Topics.all()).hasSize(8).doesNotHaveDuplicates().contains("rag.documents.dlq");
  }

  @Test
  void aDlqHasNoDlq() {
    assertThatThrownBy(() -> Topics.dlq("rag.chunks.dlq"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
