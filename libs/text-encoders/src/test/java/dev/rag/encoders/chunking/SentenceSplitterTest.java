package dev.rag.encoders.chunking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

  private static List<String> sentences(String text) {
    return SentenceSplitter.split(text).stream().map(SentenceSplitter.Span::text).toList();
  }

  @Test
  void endsSentencesAtEndMarksBeforeACapitalADigitOrAQuote() {
    assertThat(sentences("Boil the water. Wait 5 minutes! Is it done? \"Yes,\" she said. 3 left."))
        .containsExactly(
            "Boil the water.", "Wait 5 minutes!", "Is it done?", "\"Yes,\" she said.", "3 left.");
  }

  @Test
  void keepsAbbreviationsAndLowerCaseContinuationsInsideTheSentence() {
    assertThat(sentences("Ask Dr. Smith, e.g. Monday. The pH was 7. it rose, i.e. Fig. 2 shows."))
        .containsExactly(
            "Ask Dr. Smith, e.g. Monday.", "The pH was 7. it rose, i.e. Fig. 2 shows.");
  }

  @Test
  void blankLinesAndListItemsStartSentencesOfTheirOwn() {
    assertThat(sentences("Steps\n\nYou need:\n- a pot\n- water\n2) fill it\nthen wait"))
        .containsExactly("Steps", "You need:", "- a pot", "- water", "2) fill it then wait");
  }

  @Test
  void spansPointAtTheSentenceInTheTextWithWhitespaceCollapsed() {
    String text = "  First   one.\n Second\tone.  ";
    List<SentenceSplitter.Span> spans = SentenceSplitter.split(text);

    assertThat(spans).hasSize(2);
    assertThat(text.substring(spans.get(0).start(), spans.get(0).end())).isEqualTo("First   one.");
    assertThat(spans.get(1).text()).isEqualTo("Second one.");
    assertThat(text.substring(spans.get(1).start(), spans.get(1).end())).isEqualTo("Second\tone.");
  }

  @Test
  void separatorsStayInsideTheRegionAndCoverTheClosingQuoteAndWhitespace() {
    String text = "Skip. He said \"Go.\" Then left. Not this.";
    int from = text.indexOf("He");
    int to = text.indexOf(" Not");

    List<SentenceSplitter.Separator> separators = SentenceSplitter.separators(text, from, to);

    assertThat(separators)
        .extracting(s -> text.substring(s.start(), s.end()))
        .containsExactly("\" ");
    assertThat(separators.getFirst().start()).isEqualTo(text.indexOf("\" Then"));
  }

  @Test
  void givesNoSentencesForBlankText() {
    assertThat(SentenceSplitter.split(" \n\t ")).isEmpty();
  }
}
