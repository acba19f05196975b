package dev.rag.generation.expansion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.contracts.retrieval.RetrievalMode;
import dev.rag.contracts.retrieval.RetrieveResponse;
import dev.rag.contracts.retrieval.RetrievedChunk;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankFusionTest {

  private static RetrievedChunk chunk(String id) {
    return new RetrievedChunk(
        0,
        id,
        "c",
        "c:doc",
        1,
        0,
        "Doc",
        null,
        List.of(),
        null,
        0,
        1,
        "text " + id,
        Map.of(),
        0.5,
        null,
        null,
        null,
        null);
  }

  private static RetrieveResponse list(boolean degraded, String... ids) {
    return new RetrieveResponse(
        "q",
        RetrievalMode.HYBRID,
        java.util.Arrays.stream(ids).map(RankFusionTest::chunk).toList(),
        degraded,
        degraded ? List.of("bm25 down") : List.of(),
        "model",
        null);
  }

  @Test
  void chunksSeveralQueriesAgreeOnRiseAboveOneQuerysFirst() {
    RetrieveResponse fused =
        RankFusion.fuse(
            List.of(list(false, "a", "b", "c"), list(false, "b", "d"), list(true, "d", "b")),
            3,
            60);

    assertThat(fused.hits().stream().map(RetrievedChunk::chunkId)).containsExactly("b", "d", "a");
    assertThat(fused.hits().stream().map(RetrievedChunk::rank)).containsExactly(1, 2, 3);
    assertThat(fused.hits().getFirst().score())
        .isCloseTo(1.0 / 62 + 1.0 / 61 + 1.0 / 62, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(fused.degraded()).isTrue();
    assertThat(fused.degradedReasons()).containsExactly("bm25 down");
    assertThat(fused.query()).isEqualTo("q");
  }

  @Test
  void oneListFusesToItselfInOrder() {
    RetrieveResponse fused = RankFusion.fuse(List.of(list(false, "x", "y")), 10, 60);
    assertThat(fused.hits().stream().map(RetrievedChunk::chunkId)).containsExactly("x", "y");
    assertThat(fused.degraded()).isFalse();
  }
}
