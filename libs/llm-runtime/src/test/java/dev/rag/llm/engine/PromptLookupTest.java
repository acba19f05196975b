package dev.rag.llm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromptLookupTest {

  @Test
  void copiesWhatFollowedTheMostRecentEarlierOccurrenceOfTheLongestSuffix() {
    // ... 7 8 9 | 1 2 3 4 5 | 7 8 9 | 6 | ... 7 8 9: the latest "7 8 9" is followed by 6.
    int[] tokens = {7, 8, 9, 1, 2, 3, 4, 5, 7, 8, 9, 6, 0, 7, 8, 9};
    assertThat(PromptLookup.of(3).propose(tokens, tokens.length, 10)).containsExactly(6, 0, 7);
  }

  @Test
  void prefersALongerMatchOverAMoreRecentShorterOne() {
    // suffix "2 3": "1 2 3" (3-gram) occurs at 0, followed by 4; "2 3" alone later is followed by
    // 9.
    int[] tokens = {1, 2, 3, 4, 5, 2, 3, 9, 1, 2, 3};
    assertThat(PromptLookup.of(2).propose(tokens, tokens.length, 10)).containsExactly(4, 5);
  }

  @Test
  void proposesNothingWithoutAMatchOrRoom() {
    int[] tokens = {1, 2, 3, 4};
    assertThat(PromptLookup.of(4).propose(tokens, 4, 10)).isEmpty();
    int[] repeated = {5, 6, 5, 6};
    assertThat(PromptLookup.of(4).propose(repeated, 4, 0)).isEmpty();
    assertThat(PromptLookup.OFF.propose(repeated, 4, 10)).isEmpty();
    assertThat(PromptLookup.of(4).propose(new int[] {3}, 1, 10)).isEmpty();
  }

  @Test
  void neverReadsPastTheSequencesLength() {
    int[] tokens = {5, 6, 5, 6, 99, 99};
    // Only the first 4 are valid: the match of "6" at 1 is followed by "5 6", not 99.
    assertThat(PromptLookup.of(8).propose(tokens, 4, 8)).containsExactly(5, 6);
  }

  @Test
  void rejectsSettingsOutsideTheirRange() {
    assertThatThrownBy(() -> new PromptLookup(-1, 3, 1)).hasMessageContaining("draftTokens");
    assertThatThrownBy(() -> new PromptLookup(4, 1, 2)).hasMessageContaining("n-gram");
  }
}
