package dev.rag.encoders.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchPlannerTest {

  @Test
  void sortsByLengthAndCutsAtMaxSequences() {
    List<int[]> plan =
        BatchPlanner.plan(new int[] {50, 10, 30, 20, 40}, new BatchingPolicy(2, 10_000));
    assertThat(plan).containsExactly(new int[] {1, 3}, new int[] {2, 4}, new int[] {0});
  }

  @Test
  void cutsWhenPaddedTokensWouldExceedBudget() {
    // 3 x 30 = 90 fits 100; adding a 40-token sequence would make 4 x 40 = 160.
    List<int[]> plan = BatchPlanner.plan(new int[] {30, 30, 30, 40}, new BatchingPolicy(32, 100));
    assertThat(plan).containsExactly(new int[] {0, 1, 2}, new int[] {3});
  }

  @Test
  void runsSequenceLongerThanBudgetAlone() {
    assertThat(BatchPlanner.plan(new int[] {500}, new BatchingPolicy(32, 100)))
        .containsExactly(new int[] {0});
  }

  @Test
  void keepsCallerOrderAmongEqualLengths() {
    assertThat(BatchPlanner.plan(new int[] {7, 7, 7}, BatchingPolicy.defaults()))
        .containsExactly(new int[] {0, 1, 2});
  }

  @Test
  void rejectsPolicyOutsideAllowedRange() {
    assertThatThrownBy(() -> new BatchingPolicy(0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxSequences 0 must be in [1, 4096]");
    assertThatThrownBy(() -> new BatchingPolicy(1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxTokens 0");
  }
}
