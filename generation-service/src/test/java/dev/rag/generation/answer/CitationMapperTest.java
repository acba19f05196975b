package dev.rag.generation.answer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CitationMapperTest {

  @Test
  void readsSingleAdjacentAndListedMarkersInOrderOfFirstUse() {
    var mapped =
        CitationMapper.map("Boil for a minute [2]. Crews arrive in an hour [1][3], or [3, 2].", 3);

    assertThat(mapped.cited()).containsExactly(2, 1, 3);
    assertThat(mapped.dropped()).isEmpty();
    assertThat(mapped.text())
        .isEqualTo("Boil for a minute [2]. Crews arrive in an hour [1][3], or [3, 2].");
  }

  @Test
  void dropsNumbersThatPointAtNoSourceWithoutRenumbering() {
    var mapped = CitationMapper.map("Fact [7]. Other fact [2, 9]. Zero [0].", 3);

    assertThat(mapped.cited()).containsExactly(2);
    assertThat(mapped.dropped()).containsExactly(7, 9, 0);
    assertThat(mapped.text()).isEqualTo("Fact. Other fact [2]. Zero.");
  }

  @Test
  void leavesTextWithoutMarkersAlone() {
    var mapped = CitationMapper.map("Once upon a time [there was] a cat.", 2);

    assertThat(mapped.cited()).isEmpty();
    assertThat(mapped.text()).isEqualTo("Once upon a time [there was] a cat.");
  }
}
