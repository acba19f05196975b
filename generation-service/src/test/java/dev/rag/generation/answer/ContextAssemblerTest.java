package dev.rag.generation.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.generation.testing.SampleChunks;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextAssemblerTest {

  @Test
  void putsTheStrongestSourcesAtTheStartAndTheEnd() {
    assertThat(ContextAssembler.strongestAtTheEdges(List.of(1, 2, 3, 4, 5)))
        .containsExactly(1, 3, 5, 4, 2);
    assertThat(ContextAssembler.strongestAtTheEdges(List.of(1, 2))).containsExactly(1, 2);
  }

  @Test
  void numbersSourcesInDisplayOrder() {
    var chunks = SampleChunks.all().subList(0, 3);
    List<Source> sources =
        ContextAssembler.number(
            List.of(
                Candidate.of(chunks.get(0), 1, 0.9),
                Candidate.of(chunks.get(1), 2, 0.8),
                Candidate.of(chunks.get(2), 3, 0.7)));

    assertThat(sources).extracting(Source::number).containsExactly(1, 2, 3);
    assertThat(sources).extracting(s -> s.candidate().rank()).containsExactly(1, 3, 2);
  }

  @Test
  void keepsOverlappingChunksOfOneDocumentOnceTheBetterRankedOne() {
    var a =
        SampleChunks.chunk(
            "d", "T", 0, List.of("S"), null, 0, "alpha beta gamma delta ".repeat(10), 0.5);
    var overlapping =
        SampleChunks.chunk(
            "d", "T", 1, List.of("S"), null, 60, "gamma delta epsilon ".repeat(10), 0.4);
    var elsewhere =
        SampleChunks.chunk(
            "d", "T", 2, List.of("S"), null, 1000, "zeta eta theta ".repeat(10), 0.3);
    var copyInOtherDocument = SampleChunks.chunk("e", "T", 0, List.of("S"), null, 0, a.text(), 0.2);

    var kept =
        ContextAssembler.deduplicate(
            List.of(
                Candidate.of(a, 1, 0.5),
                Candidate.of(overlapping, 2, 0.4),
                Candidate.of(elsewhere, 3, 0.3),
                Candidate.of(copyInOtherDocument, 4, 0.2)));

    assertThat(kept)
        .extracting(c -> c.chunk().chunkId())
        .containsExactly(a.chunkId(), elsewhere.chunkId());
  }
}
