package dev.rag.llm.kv;

import java.util.Arrays;

/**
 * Identifies the contents of a full block by its tokens and the key of the block before it, so
 * equal keys mean an equal whole prefix (the parent is compared by its chain hash).
 *
 * @param parentHash chain hash of the preceding block's key (0 for the first block)
 * @param tokens the block's tokens
 */
public record BlockKey(long parentHash, int[] tokens) {

  public BlockKey {
    tokens = tokens.clone();
  }

  /**
   * A 64-bit hash of the whole prefix up to and including this block, used as the next block's
   * parent.
   */
  public long chainHash() {
    long h = parentHash * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    for (int t : tokens) {
      h = (h ^ t) * 0xFF51AFD7ED558CCDL;
      h ^= h >>> 33;
    }
    return h;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlockKey k && k.parentHash == parentHash && Arrays.equals(k.tokens, tokens);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(parentHash) * 31 + Arrays.hashCode(tokens);
  }

  @Override
  public String toString() {
    return "BlockKey[" + Long.toHexString(parentHash) + ", " + tokens.length + " tokens]";
  }
}
