package dev.rag.llm.kv;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Fixed-size KV blocks: a free queue, a reference count per block and a map from prefix keys to the
 * block holding that prefix. Mechanism only; who gets blocks is the {@link KvCacheManager}'s job.
 *
 * <p>A released block keeps its prefix key while it waits in the free queue, so a later request
 * with the same prefix can revive it; the key is dropped only when the block is handed out again.
 * The free queue is least-recently-released first, so recently used prefixes survive longest.
 */
public final class BlockPool {
  private static final int NONE = -1;

  private final int numBlocks;
  private final int[] refCount;

  /** Doubly-linked free queue over block ids; head is the next block to hand out. */
  private final int[] prev;

  private final int[] next;
  private int head = NONE;
  private int tail = NONE;
  private int freeCount;
  private final BlockKey[] keyOf;
  private final Map<BlockKey, Integer> blockByKey = new HashMap<>();
  private int sharedCount;

  public BlockPool(int numBlocks) {
    if (numBlocks < 1) {
      throw new IllegalArgumentException("numBlocks = " + numBlocks + "; must be >= 1");
    }
    this.numBlocks = numBlocks;
    this.refCount = new int[numBlocks];
    this.prev = new int[numBlocks];
    this.next = new int[numBlocks];
    this.keyOf = new BlockKey[numBlocks];
    for (int b = 0; b < numBlocks; b++) {
      append(b);
    }
  }

  /**
   * Takes the least recently released free block (forgetting any prefix it held), with one
   * reference.
   */
  public Optional<Integer> allocate() {
    if (head == NONE) {
      return Optional.empty();
    }
    int b = head;
    unlink(b);
    if (keyOf[b] != null) {
      blockByKey.remove(keyOf[b]);
      keyOf[b] = null;
    }
    refCount[b] = 1;
    return Optional.of(b);
  }

  /** Adds a reference (a sequence sharing the block); revives it from the free queue if needed. */
  public void retain(int block) {
    check(block);
    if (refCount[block] == 0) {
      unlink(block);
    } else if (refCount[block] == 1) {
      sharedCount++;
    }
    refCount[block]++;
  }

  /**
   * Drops a reference; at zero the block joins the tail of the free queue, keeping its prefix key.
   */
  public void release(int block) {
    check(block);
    if (refCount[block] <= 0) {
      throw new IllegalStateException("block " + block + " released more often than retained");
    }
    refCount[block]--;
    if (refCount[block] == 1) {
      sharedCount--;
    } else if (refCount[block] == 0) {
      append(block);
    }
  }

  /** The block holding {@code key}, in use or free. */
  public Optional<Integer> lookup(BlockKey key) {
    return Optional.ofNullable(blockByKey.get(key));
  }

  /**
   * Records that a full, in-use block holds {@code key}; a key already held by another block is
   * left as is.
   */
  public void register(int block, BlockKey key) {
    check(block);
    if (keyOf[block] == null && !blockByKey.containsKey(key)) {
      keyOf[block] = key;
      blockByKey.put(key, block);
    }
  }

  public int refCount(int block) {
    check(block);
    return refCount[block];
  }

  public int totalBlocks() {
    return numBlocks;
  }

  public int freeBlocks() {
    return freeCount;
  }

  public int usedBlocks() {
    return numBlocks - freeCount;
  }

  /** Blocks referenced by more than one sequence. */
  public int sharedBlocks() {
    return sharedCount;
  }

  /** Blocks whose prefix key is known (in use or free). */
  public int cachedBlocks() {
    return blockByKey.size();
  }

  private void check(int block) {
    if (block < 0 || block >= numBlocks) {
      throw new IllegalArgumentException("block " + block + " outside [0, " + numBlocks + ")");
    }
  }

  private void append(int b) {
    prev[b] = tail;
    next[b] = NONE;
    if (tail != NONE) {
      next[tail] = b;
    } else {
      head = b;
    }
    tail = b;
    freeCount++;
  }

  private void unlink(int b) {
    if (prev[b] != NONE) {
      next[prev[b]] = next[b];
    } else {
      head = next[b];
    }
    if (next[b] != NONE) {
      prev[next[b]] = prev[b];
    } else {
      tail = prev[b];
    }
    prev[b] = NONE;
    next[b] = NONE;
    freeCount--;
  }
}
