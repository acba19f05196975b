package dev.rag.gateway.epochs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IndexEpochsTest {

  private final IndexEpochs epochs = new IndexEpochs();

  @Test
  void aCollectionNeverSeenIsAtEpochZero() {
    assertThat(epochs.of("water")).isZero();
    assertThat(epochs.stamp("water")).isEqualTo("e0");
  }

  @Test
  void keepsTheHighestEpochWhateverOrderPartitionsDeliverIn() {
    epochs.observe("water", 5, 1, 40);
    epochs.observe("water", 3, 0, 12);
    assertThat(epochs.of("water")).isEqualTo(5);
    assertThat(epochs.stamp("water")).isEqualTo("e5;p0:12;p1:40");
    assertThat(epochs.stamp("sewage")).isEqualTo("e0");
  }

  @Test
  void everyNewEventChangesTheStampEvenWhenEpochsStartAgain() {
    epochs.observe("water", 9, 0, 100);
    String before = epochs.stamp("water");
    epochs.observe("water", 1, 0, 101); // retrieval-service rebuilt its index: epochs restart
    assertThat(epochs.of("water")).isEqualTo(9);
    assertThat(epochs.stamp("water")).isNotEqualTo(before).isEqualTo("e9;p0:101");
    epochs.observe("water", 1, 0, 101); // redelivered: nothing new
    assertThat(epochs.stamp("water")).isEqualTo("e9;p0:101");
  }

  @Test
  void rejectsNegativePositions() {
    assertThatThrownBy(() -> epochs.observe("water", 1, -1, 0))
        .hasMessageContaining("partition and offset must be >= 0, were -1, 0");
  }
}
