package dev.rag.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChunkIdTest {

  @Test
  void parsesWhatItPrintsEvenWithHashesInTheDocumentId() {
    var id = new ChunkId("a#b", 12, 3);
    assertThat(id.toString()).isEqualTo("a#b#12#3");
    assertThat(ChunkId.parse(id.toString())).isEqualTo(id);
  }

  @Test
  void rejectsNegativeOrdinalAndZeroVersion() {
    assertThatThrownBy(() -> new ChunkId("d", 1, -1)).hasMessageContaining("ordinal");
    assertThatThrownBy(() -> new ChunkId("d", 0, 1)).hasMessageContaining("version");
    assertThatThrownBy(() -> ChunkId.parse("nohash")).hasMessageContaining("not a chunk id");
  }
}
