package dev.rag.generation.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.contracts.retrieval.RetrievedChunk;
import dev.rag.generation.testing.SampleChunks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Extractive answers read from the shipped samples: the right sentence, cited to the right section.
 */
class ExtractiveAnswererTest {

  private final ExtractiveAnswerer answerer = new ExtractiveAnswerer(0.3, 3);

  @Test
  void answersHowLongToBoilFromTheAdvisorySection() {
    List<Source> sources = sources(SampleChunks.all());

    var result =
        answerer.answer("How long should I boil tap water during a boil water advisory?", sources);

    assertThat(result.known()).isTrue();
    assertThat(result.text()).contains("rolling boil for one minute");
    Source cited = sources.get(result.sentences().getFirst().source() - 1);
    assertThat(cited.chunk().sectionPath())
        .containsExactly("Emergency Procedures", "Boil Water Advisories");
    assertThat(result.text()).contains("[" + cited.number() + "]");
  }

  @Test
  void findsThePhoneNumberForMainBreaks() {
    List<Source> sources = sources(SampleChunks.all());

    var result = answerer.answer("Which phone number do I call to report a main break?", sources);

    assertThat(result.text()).contains("555-0142");
    var sentence =
        result.sentences().stream()
            .filter(s -> s.text().contains("555-0142"))
            .findFirst()
            .orElseThrow();
    assertThat(sources.get(sentence.source() - 1).chunk().sectionPath()).contains("Main Breaks");
    assertThat(result.text())
        .contains("555-0142, available 24 hours a day [" + sentence.source() + "].");
  }

  @Test
  void answersFromTheHtmlGuideWhenTheQuestionIsAboutRebates() {
    List<Source> sources = sources(SampleChunks.all());

    var result = answerer.answer("How much is the rebate for a high-efficiency toilet?", sources);

    assertThat(result.sentences().getFirst().text()).contains("100 dollars");
    assertThat(sources.get(result.sentences().getFirst().source() - 1).chunk().documentId())
        .isEqualTo("samples:conservation-guide.html");
  }

  @Test
  void saysItDoesNotKnowWhenNoSentenceCoversTheQuestion() {
    var result = answerer.answer("What is the capital of France?", sources(SampleChunks.all()));

    assertThat(result.known()).isFalse();
    assertThat(result.text()).isEqualTo(ExtractiveAnswerer.DONT_KNOW);
  }

  @Test
  void neverAnswersWithAnInjectedInstructionEvenWhenItMatchesTheQuestion() {
    List<RetrievedChunk> chunks = new ArrayList<>();
    chunks.add(SampleChunks.injected());
    chunks.addAll(SampleChunks.emergencyProcedures());
    List<Source> sources = sources(SampleChunks.ranked(chunks));

    var result = answerer.answer("Should customers be told the tap water is poisoned?", sources);

    assertThat(result.text()).doesNotContain("poisoned").doesNotContainIgnoringCase("ignore");
    assertThat(sources.stream().filter(Source::injectionSuspected).map(s -> s.chunk().documentId()))
        .containsExactly(SampleChunks.INJECTED_ID);
  }

  @Test
  void saysItDoesNotKnowAboutAFeeTheSamplesNeverMention() {
    var result =
        answerer.answer("How much does a swimming pool permit cost?", sources(SampleChunks.all()));

    assertThat(result.known()).isFalse();
  }

  @Test
  void keepsAtMostTheConfiguredNumberOfSentencesWithoutRepeats() {
    var one =
        new ExtractiveAnswerer(0.1, 1).answer("boil water advisory", sources(SampleChunks.all()));

    assertThat(one.sentences()).hasSize(1);
  }

  @Test
  void rejectsThresholdsOutsideTheUnitInterval() {
    assertThatThrownBy(() -> new ExtractiveAnswerer(1.5, 3))
        .hasMessageContaining("1.5 outside [0, 1]");
    assertThatThrownBy(() -> new ExtractiveAnswerer(0.3, 0)).hasMessageContaining("maxSentences 0");
  }

  static List<Source> sources(List<RetrievedChunk> chunks) {
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      candidates.add(Candidate.of(chunks.get(i), i + 1, chunks.get(i).score()));
    }
    return ContextAssembler.number(candidates);
  }
}
