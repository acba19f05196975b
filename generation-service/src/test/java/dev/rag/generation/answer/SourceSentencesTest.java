package dev.rag.generation.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.generation.answer.SourceSentences.Kind;
import dev.rag.generation.answer.SourceSentences.Unit;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceSentencesTest {

  private static List<String> texts(List<Unit> units) {
    return units.stream().map(Unit::text).toList();
  }

  @Test
  void dropsMarkdownHeadingsAndKeepsHardWrappedSentencesWhole() {
    String text =
        "## Boil Water Advisories\n\nBring tap water to a rolling boil for one minute.\n"
            + "Water does not need to be boiled for\nbathing adults or for washing clothes.";

    List<Unit> units = SourceSentences.of(text, "Emergency Procedures", List.of("Boil Water"));

    assertThat(texts(units))
        .containsExactly(
            "Bring tap water to a rolling boil for one minute.",
            "Water does not need to be boiled for bathing adults or for washing clothes.");
    Unit second = units.get(1);
    assertThat(text.substring(second.start(), second.end()))
        .startsWith("Water does not")
        .endsWith("clothes.");
  }

  @Test
  void cutsAHeadingLineOrAGluedPdfHeadingOffTheSentence() {
    String pdf = "Treatment ProcessRiver water passes through sand filtration before disinfection.";
    String html = "Billing\nMeters are read every two months by the utility.";

    Unit glued = SourceSentences.of(pdf, "Report", List.of("Treatment Process")).getFirst();
    Unit lined = SourceSentences.of(html, "Handbook", List.of("Billing")).getFirst();

    assertThat(glued.text()).startsWith("River water passes");
    assertThat(pdf.substring(glued.start(), glued.end())).isEqualTo(glued.text());
    assertThat(lined.text()).isEqualTo("Meters are read every two months by the utility.");
  }

  @Test
  void stripsListMarkersAndSkipsOutlinesOfShortLabels() {
    String text =
        "Steps:\n- Open a tap and warm the pipe with a hair dryer.\n\nSource Water\nTesting";

    List<Unit> units = SourceSentences.of(text, "Guide", List.of());

    assertThat(texts(units))
        .containsExactly("Steps:", "Open a tap and warm the pipe with a hair dryer.");
    assertThat(text.charAt(units.get(1).start())).isEqualTo('O');
  }

  @Test
  void rendersTableBodyRowsAsHeaderValuePairsAndNeverTheTableItself() {
    String text =
        "Files used by the demo:\n\n| file | format |\n| --- | --- |\n"
            + "| `guide.html` | HTML, h1/h2 |\n| `report.pdf` | PDF, 2 pages |\n\nThe facts are invented.";

    List<Unit> units = SourceSentences.of(text, "Samples", List.of());

    assertThat(units)
        .extracting(Unit::kind, Unit::text)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.SENTENCE, "Files used by the demo:"),
            org.assertj.core.groups.Tuple.tuple(
                Kind.TABLE_ROW, "file: guide.html; format: HTML, h1/h2."),
            org.assertj.core.groups.Tuple.tuple(
                Kind.TABLE_ROW, "file: report.pdf; format: PDF, 2 pages."),
            org.assertj.core.groups.Tuple.tuple(Kind.SENTENCE, "The facts are invented."));
    Unit row = units.get(1);
    assertThat(text.substring(row.start(), row.end())).isEqualTo("| `guide.html` | HTML, h1/h2 |");
  }
}
