package dev.rag.generation.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.problem.ProblemType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TermCarryingRewriteTest {

  private static History asked(String... questions) {
    return new History(
        java.util.Arrays.stream(questions)
            .flatMap(
                q -> java.util.stream.Stream.of(Turn.user(q), Turn.assistant("An answer [1].")))
            .toList());
  }

  @Test
  void anEllipticalFollowUpAsksTheEarlierQuestionAboutItsNewFocus() {
    assertThat(
            TermCarryingRewrite.rewrite(
                asked("What should I do about burst pipes?"), "And what about frozen ones?"))
        .isEqualTo("What should I do about frozen pipes?");
    assertThat(
            TermCarryingRewrite.rewrite(
                asked("Who do I call to report a main break?"), "How about a gas leak?"))
        .isEqualTo("Who do I call to report a gas leak?");
  }

  @Test
  void pronounsStandForTheEarlierQuestionsTopic() {
    assertThat(
            TermCarryingRewrite.rewrite(
                asked("How long should I boil tap water during a boil water advisory?"),
                "When is it lifted?"))
        .isEqualTo("When is boil water advisory lifted?");
    assertThat(
            TermCarryingRewrite.rewrite(
                asked("Which rebates exist for high-efficiency toilets?"),
                "How do I apply for those?"))
        .isEqualTo("How do I apply for high-efficiency toilets?");
  }

  @Test
  void aChainOfFollowUpsKeepsItsTopic() {
    assertThat(
            TermCarryingRewrite.rewrite(
                asked(
                    "How long should I boil tap water during a boil water advisory?",
                    "When is it lifted?"),
                "Who announces it?"))
        .isEqualTo("Who announces boil water advisory?");
  }

  @Test
  void aFollowUpWithoutContentCarriesTheEarlierQuestion() {
    assertThat(
            TermCarryingRewrite.rewrite(
                asked("Does water need to be boiled for bathing adults?"), "Why not?"))
        .isEqualTo("Why not — Does water need to be boiled for bathing adults?");
    assertThat(
            TermCarryingRewrite.rewrite(
                asked("How long should I boil tap water during an advisory?"),
                "And for making ice?"))
        .isEqualTo("for making ice — How long should I boil tap water during an advisory?");
  }

  @Test
  void aQuestionThatStandsAloneIsKeptAsAsked() {
    assertThat(
            TermCarryingRewrite.rewrite(
                asked("What should I do about burst pipes?"),
                "What is the late fee when a payment is late?"))
        .isEqualTo("What is the late fee when a payment is late?");
    // "one minute" and "this advisory" name their nouns: nothing to resolve.
    assertThat(
            TermCarryingRewrite.rewrite(
                asked("What should I do about burst pipes?"),
                "Is one minute of boiling enough during this advisory?"))
        .isEqualTo("Is one minute of boiling enough during this advisory?");
    assertThat(TermCarryingRewrite.rewrite(History.NONE, "  When is it lifted? "))
        .isEqualTo("When is it lifted?");
  }

  @Test
  void historyLimitsAreProblems() {
    var limits = new ConversationProperties(2, 20, 48, java.time.Duration.ofSeconds(1));
    assertThatThrownBy(
            () ->
                History.of(
                    List.of(Turn.user("a"), Turn.assistant("b"), Turn.user("c")),
                    "messages",
                    limits))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.VALIDATION));
    assertThatThrownBy(() -> History.of(List.of(Turn.user("x".repeat(21))), "messages", limits))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE));
    assertThat(History.of(List.of(Turn.user("abc")), "messages", limits).turns()).hasSize(1);
  }

  @Test
  void aModelsReplyIsTrustedOnlyWhenItLooksLikeOneQuestion() {
    assertThat(ModelRewrite.accepted("Question: \"When is the advisory lifted?\"\nMore", "q?"))
        .contains("When is the advisory lifted?");
    assertThat(ModelRewrite.accepted("  \n ", "q?")).isEmpty();
    assertThat(ModelRewrite.accepted("1234 5678", "q?")).isEmpty();
    assertThat(ModelRewrite.accepted("word ".repeat(200), "short?")).isEmpty();
  }
}
