package dev.rag.eval.answers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SquadTextTest {

  @Test
  void normalisesLikeTheSquadScriptAfterDroppingCitationMarkers() {
    assertThat(SquadText.normalise("The  Rebate is $100 [2]. An   ")).isEqualTo("rebate is 100");
    assertThat(SquadText.normalise("“Wednesdays” and Sundays."))
        .isEqualTo("wednesdays and sundays");
    assertThat(SquadText.normalise("theatre a-b")).isEqualTo("theatre ab");
  }

  @Test
  void containsAGoldAnswerOnlyAsWholeTokens() {
    String answer = "Bring tap water to a rolling boil for one minute [1].";
    assertThat(SquadText.containsAny(answer, List.of("one minute"))).isTrue();
    assertThat(SquadText.containsAny(answer, List.of("two minutes", "a rolling boil"))).isTrue();
    assertThat(SquadText.containsAny("It costs 1000 dollars", List.of("100 dollars"))).isFalse();
    // the citation's digit is not part of the answer
    assertThat(SquadText.containsAny("It is free [1].", List.of("1"))).isFalse();
    assertThat(SquadText.containsAny(answer, List.of())).isFalse();
  }

  @Test
  void tokenF1CountsSharedTokensAsABag() {
    // prediction "100 dollars rebate" vs gold "100 dollars": P 2/3, R 1, F1 0.8
    assertThat(SquadText.f1("100 dollars rebate", "100 dollars")).isCloseTo(0.8, within(1e-9));
    assertThat(SquadText.f1("the dollars dollars", "dollars")).isCloseTo(2 / 3.0, within(1e-9));
    assertThat(SquadText.f1("nothing shared", "100 dollars")).isZero();
    assertThat(SquadText.bestF1("100 dollars", List.of("ten", "100 dollars"))).isEqualTo(1.0);
    assertThat(SquadText.bestF1("100 dollars", List.of())).isZero();
  }
}
