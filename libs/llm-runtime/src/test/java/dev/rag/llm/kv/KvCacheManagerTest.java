package dev.rag.llm.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KvCacheManagerTest {

  static int[] tokens(int n, int salt) {
    return IntStream.range(0, n).map(i -> i < 1000 ? i % 500 : salt * 7 + i).toArray();
  }

  @Test
  void allocationIsAllOrNothing() {
    KvCacheManager m = new KvCacheManager(new BlockPool(4), 16, true, 8);
    assertThat(m.allocate(1, 0, 48)).isPresent(); // 3 blocks
    assertThat(m.allocate(2, 0, 32)).isEmpty(); // needs 2, 1 free
    assertThat(m.pool().freeBlocks()).isEqualTo(1);
    assertThat(m.allocate(2, 0, 16)).isPresent();
  }

  @Test
  void sequencesWithTheSamePrefixShareItsFullBlocks() {
    KvCacheManager m = new KvCacheManager(new BlockPool(200), 16, true, 8);
    int[] a = tokens(1010, 1);
    assertThat(m.acquireCachedPrefix(1, a)).isZero();
    m.allocate(1, 0, a.length).orElseThrow();
    m.cacheComputedBlocks(1, a, a.length);
    int[] b = tokens(1030, 2);
    int cached = m.acquireCachedPrefix(2, b);
    assertThat(cached).isEqualTo(992); // 62 full blocks of the 1,000 shared tokens
    m.allocate(2, cached, b.length).orElseThrow();
    assertThat(m.pool().sharedBlocks()).isEqualTo(62);
    assertThat(m.pool().usedBlocks()).isEqualTo(64 + (65 - 62));
  }

  @Test
  void forkedSequenceCopiesTheSharedBlockOnFirstWrite() {
    KvCacheManager m = new KvCacheManager(new BlockPool(10), 4, true, 8);
    m.allocate(1, 0, 6).orElseThrow(); // 2 blocks, last one partial
    m.fork(1, 2);
    assertThat(m.pool().sharedBlocks()).isEqualTo(2);
    KvCacheManager.Allocation alloc = m.allocate(2, 6, 7).orElseThrow();
    assertThat(alloc.copies()).hasSize(1);
    BlockCopy copy = alloc.copies().get(0);
    assertThat(copy.source()).isEqualTo(m.blockTable(1).orElseThrow()[1]);
    assertThat(alloc.blockTable()[1]).isEqualTo(copy.target());
    assertThat(alloc.blockTable()[0]).isEqualTo(m.blockTable(1).orElseThrow()[0]); // still shared
    assertThat(m.pool().sharedBlocks()).isEqualTo(1);
  }

  @Test
  void freeReleasesEverythingAndUnknownIdsAreIgnored() {
    KvCacheManager m = new KvCacheManager(new BlockPool(10), 4, true, 8);
    m.allocate(1, 0, 30).orElseThrow();
    m.free(1);
    m.free(99);
    assertThat(m.pool().usedBlocks()).isZero();
    assertThat(m.activeSequences()).isZero();
  }

  @Test
  void cachedPrefixAlwaysLeavesOneTokenToCompute() {
    KvCacheManager m = new KvCacheManager(new BlockPool(10), 4, true, 8);
    int[] t = tokens(8, 0);
    m.allocate(1, 0, 8).orElseThrow();
    m.cacheComputedBlocks(1, t, 8);
    assertThat(m.acquireCachedPrefix(2, t)).isEqualTo(4);
  }
}
