package dev.rag.llm.kv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gives sequences the blocks they need. Allocation is all-or-nothing: when the pool cannot supply
 * every block a request asks for, nothing changes and the caller gets an empty Optional (the
 * scheduler then waits or preempts). Full blocks are registered under a prefix key so a later
 * sequence starting with the same tokens shares them by reference count; a write into a block that
 * is still shared (after {@link #fork}) first copies it.
 */
public final class KvCacheManager {
  private final BlockPool pool;
  private final int blockSize;
  private final boolean prefixCaching;
  private final long bytesPerToken;
  private final Map<Long, BlockTable> tables = new HashMap<>();

  /** Full blocks of each sequence already registered for prefix sharing, and their chain hashes. */
  private final Map<Long, long[]> chainHashes = new HashMap<>();

  private final Map<Long, Integer> registeredBlocks = new HashMap<>();

  /** Result of a successful allocation: the table to use and copies to perform before writing. */
  public record Allocation(int[] blockTable, List<BlockCopy> copies) {}

  public KvCacheManager(BlockPool pool, int blockSize, boolean prefixCaching, long bytesPerToken) {
    if (blockSize < 1 || blockSize > 4096) {
      throw new IllegalArgumentException("blockSize = " + blockSize + "; allowed 1..4096");
    }
    this.pool = pool;
    this.blockSize = blockSize;
    this.prefixCaching = prefixCaching;
    this.bytesPerToken = bytesPerToken;
  }

  public int blockSize() {
    return blockSize;
  }

  public int blocksFor(int tokens) {
    return (tokens + blockSize - 1) / blockSize;
  }

  /**
   * For a sequence without blocks: finds the longest run of leading full blocks of {@code tokens}
   * already in the pool, takes a reference on each, and returns how many tokens they cover. At
   * least one token is always left to compute, so the caller still gets logits.
   */
  public int acquireCachedPrefix(long seqId, int[] tokens) {
    BlockTable table = tables.computeIfAbsent(seqId, id -> new BlockTable());
    if (!prefixCaching || table.size() > 0) {
      return 0;
    }
    int fullBlocks = (tokens.length - 1) / blockSize;
    long parent = 0;
    List<Long> hashes = new ArrayList<>();
    for (int i = 0; i < fullBlocks; i++) {
      BlockKey key =
          new BlockKey(parent, Arrays.copyOfRange(tokens, i * blockSize, (i + 1) * blockSize));
      Optional<Integer> hit = pool.lookup(key);
      if (hit.isEmpty()) {
        break;
      }
      pool.retain(hit.get());
      table.add(hit.get());
      parent = key.chainHash();
      hashes.add(parent);
    }
    chainHashes.put(seqId, hashes.stream().mapToLong(Long::longValue).toArray());
    registeredBlocks.put(seqId, hashes.size());
    return table.size() * blockSize;
  }

  /**
   * Makes the sequence able to hold {@code totalTokens} and to write positions from {@code
   * firstWrite} on; shared blocks in the written range are replaced by private copies. Returns
   * empty, changing nothing, when the pool lacks free blocks.
   */
  public Optional<Allocation> allocate(long seqId, int firstWrite, int totalTokens) {
    BlockTable table = tables.computeIfAbsent(seqId, id -> new BlockTable());
    int needed = Math.max(0, blocksFor(totalTokens) - table.size());
    List<Integer> toCopy = new ArrayList<>();
    for (int i = firstWrite / blockSize; i < table.size(); i++) {
      if (pool.refCount(table.block(i)) > 1) {
        toCopy.add(i);
      }
    }
    if (pool.freeBlocks() < needed + toCopy.size()) {
      return Optional.empty();
    }
    List<BlockCopy> copies = new ArrayList<>();
    for (int index : toCopy) {
      int shared = table.block(index);
      int copy = pool.allocate().orElseThrow();
      copies.add(new BlockCopy(shared, copy));
      pool.release(shared);
      table.set(index, copy);
    }
    for (int i = 0; i < needed; i++) {
      table.add(pool.allocate().orElseThrow());
    }
    return Optional.of(new Allocation(table.toArray(), copies));
  }

  /**
   * Registers the sequence's blocks that are now full and computed, so later sequences can share
   * them.
   */
  public void cacheComputedBlocks(long seqId, int[] tokens, int computedTokens) {
    if (!prefixCaching) {
      return;
    }
    BlockTable table = tables.get(seqId);
    int done = registeredBlocks.getOrDefault(seqId, 0);
    int full = Math.min(computedTokens / blockSize, table == null ? 0 : table.size());
    if (full <= done) {
      return;
    }
    long[] hashes = Arrays.copyOf(chainHashes.getOrDefault(seqId, new long[0]), full);
    long parent = done == 0 ? 0 : hashes[done - 1];
    for (int i = done; i < full; i++) {
      BlockKey key =
          new BlockKey(parent, Arrays.copyOfRange(tokens, i * blockSize, (i + 1) * blockSize));
      pool.register(table.block(i), key);
      parent = key.chainHash();
      hashes[i] = parent;
    }
    chainHashes.put(seqId, hashes);
    registeredBlocks.put(seqId, full);
  }

  /** Gives {@code child} the same blocks as {@code parent} (shared, copied on the first write). */
  public void fork(long parentId, long childId) {
    BlockTable parent = tables.get(parentId);
    if (parent == null || tables.containsKey(childId)) {
      throw new IllegalArgumentException("cannot fork " + parentId + " into " + childId);
    }
    BlockTable child = new BlockTable();
    for (int i = 0; i < parent.size(); i++) {
      pool.retain(parent.block(i));
      child.add(parent.block(i));
    }
    tables.put(childId, child);
    chainHashes.put(childId, chainHashes.getOrDefault(parentId, new long[0]).clone());
    registeredBlocks.put(childId, registeredBlocks.getOrDefault(parentId, 0));
  }

  /**
   * Releases every block of the sequence (finish, cancel or preemption); unknown ids are ignored.
   */
  public void free(long seqId) {
    BlockTable table = tables.remove(seqId);
    chainHashes.remove(seqId);
    registeredBlocks.remove(seqId);
    if (table == null) {
      return;
    }
    // Tail first: the free queue then evicts a prefix's last blocks before its first ones.
    for (int i = table.size() - 1; i >= 0; i--) {
      pool.release(table.block(i));
    }
  }

  public Optional<int[]> blockTable(long seqId) {
    BlockTable t = tables.get(seqId);
    return t == null ? Optional.empty() : Optional.of(t.toArray());
  }

  public int activeSequences() {
    return tables.size();
  }

  public KvMetrics metrics() {
    return new KvMetrics(
        pool.totalBlocks(),
        pool.usedBlocks(),
        pool.sharedBlocks(),
        pool.cachedBlocks(),
        blockSize,
        bytesPerToken);
  }

  public BlockPool pool() {
    return pool;
  }
}
