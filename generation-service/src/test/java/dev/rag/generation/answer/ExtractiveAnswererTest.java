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
  void neverQuotesAHeadingAndGivesEachSentencesPlaceInItsSource() {
    List<Source> sources = sources(SampleChunks.all());

    var result = answerer.answer("boil water advisory", sources);

    assertThat(result.text()).doesNotContain("#").doesNotContain("Boil Water Advisories [");
    for (var sentence : result.sentences()) {
      String source = sources.get(sentence.source() - 1).text();
      assertThat(source.substring(sentence.start(), sentence.end()).replaceAll("\\s+", " "))
          .isEqualTo(sentence.text());
    }
  }

  @Test
  void answersWithATableRowOnlyWhenItIsTheAnswerAndThenAlone() {
    String readme = SampleChunks.read("samples/README.md");
    List<RetrievedChunk> chunks = new ArrayList<>();
    chunks.add(
        SampleChunks.chunk(
            "samples:README.md",
            "Sample collection",
            0,
            List.of("Sample collection"),
            null,
            0,
            readme,
            0.03));
    chunks.addAll(SampleChunks.emergencyProcedures());
    List<Source> sources = sources(SampleChunks.ranked(chunks));

    var row = answerer.answer("Which format is customer-handbook.docx?", sources);
    var sentence = answerer.answer("Why is brown water after a main break not a risk?", sources);

    assertThat(row.sentences()).hasSize(1);
    assertThat(row.text())
        .startsWith("file: customer-handbook.docx; format: DOCX")
        .doesNotContain("|");
    assertThat(sentence.text()).contains("Brown water is usually iron").doesNotContain("|");
    assertThat(sentence.text()).doesNotContain("file:");
  }

  @Test
  void meaningFindsTheAnswerThatSharesFewWordsAndAbstainsOnWeakEvidence() {
    List<Source> sources = sources(SampleChunks.all());
    // A stand-in embedder: only the sentence about thawing is "similar" to the question.
    SentenceSimilarity similarity =
        new SentenceSimilarity(
            texts ->
                texts.stream()
                    .map(
                        text ->
                            text.contains("hair dryer") || text.startsWith("What do")
                                ? new float[] {1, 0}
                                : new float[] {0.5f, 0.866f})
                    .toList(),
            java.time.Duration.ofSeconds(5),
            2,
            100);
    var meaning = new ExtractiveAnswerer(0.2, 1, 0.5, 20, new AnswerConfidence(0.3), similarity);
    var strict = new ExtractiveAnswerer(0.2, 1, 0.5, 20, new AnswerConfidence(0.95), similarity);

    var result = meaning.answer("What do I do when the pipe is frozen in winter?", sources);

    assertThat(result.text()).contains("hair dryer");
    assertThat(result.evidence().similarity()).isEqualTo(1.0);
    assertThat(result.evidence().agreement()).isNotNull();
    var abstained = strict.answer("What do I do when the pipe is frozen in winter?", sources);
    assertThat(abstained.known()).isFalse();
    assertThat(abstained.text()).isEqualTo(ExtractiveAnswerer.DONT_KNOW);
    assertThat(abstained.evidence().confidence()).isLessThan(0.95);
  }

  @Test
  void fallsBackToWordsAndSaysWhyWhenSimilarityFails() {
    SentenceSimilarity failing =
        new SentenceSimilarity(
            texts -> {
              throw new IllegalStateException("connection refused");
            },
            java.time.Duration.ofSeconds(1),
            2,
            10);
    var answerer = new ExtractiveAnswerer(0.3, 3, 0.5, 12, AnswerConfidence.never(), failing);

    var result =
        answerer.answer(
            "Which phone number do I call to report a main break?", sources(SampleChunks.all()));

    assertThat(result.text()).contains("555-0142");
    assertThat(result.similarityFailure()).contains("connection refused");
    assertThat(result.evidence().similarity()).isNull();
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
