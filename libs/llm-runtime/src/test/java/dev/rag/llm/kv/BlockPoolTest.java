package dev.rag.llm.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BlockPoolTest {

  @Test
  void allocatesUntilEmptyThenReturnsEmpty() {
    BlockPool pool = new BlockPool(3);
    assertThat(pool.allocate()).isPresent();
    assertThat(pool.allocate()).isPresent();
    assertThat(pool.allocate()).isPresent();
    assertThat(pool.allocate()).isEmpty();
    assertThat(pool.usedBlocks()).isEqualTo(3);
  }

  @Test
  void countsSharedBlocksAndFreesAtZeroReferences() {
    BlockPool pool = new BlockPool(2);
    int b = pool.allocate().orElseThrow();
    pool.retain(b);
    assertThat(pool.sharedBlocks()).isEqualTo(1);
    pool.release(b);
    assertThat(pool.sharedBlocks()).isZero();
    assertThat(pool.freeBlocks()).isEqualTo(1);
    pool.release(b);
    assertThat(pool.freeBlocks()).isEqualTo(2);
    assertThatThrownBy(() -> pool.release(b)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void releasedBlockKeepsItsPrefixUntilHandedOutAgainLeastRecentlyReleasedFirst() {
    BlockPool pool = new BlockPool(2);
    int a = pool.allocate().orElseThrow();
    int b = pool.allocate().orElseThrow();
    BlockKey ka = new BlockKey(0, new int[] {1, 2});
    BlockKey kb = new BlockKey(0, new int[] {3, 4});
    pool.register(a, ka);
    pool.register(b, kb);
    pool.release(a);
    pool.release(b);
    assertThat(pool.lookup(ka)).contains(a);
    pool.retain(a); // revived from the free queue
    assertThat(pool.freeBlocks()).isEqualTo(1);
    assertThat(pool.allocate()).contains(b); // evicts kb
    assertThat(pool.lookup(kb)).isEmpty();
    assertThat(pool.lookup(ka)).contains(a);
  }

  @Test
  void rejectsNonPositiveSizeNamingTheValue() {
    assertThatThrownBy(() -> new BlockPool(0)).hasMessageContaining("numBlocks = 0");
  }
}
