package dev.rag.llm.kv;

/**
 * The K/V storage behind the block pool: per layer one array of {@code numBlocks x blockSize} token
 * slots of {@code kvDim} floats. A token's slot is found through its sequence's block table, so a
 * sequence's K/V need not be contiguous and blocks can be shared between sequences.
 */
public final class PagedKvCache {
  private final int layers;
  private final int numBlocks;
  private final int blockSize;
  private final int kvDim;

  /** [layer][(block * blockSize + slot) * kvDim + c] */
  private final float[][] keys;

  /** Same layout as {@link #keys}. */
  private final float[][] values;

  public PagedKvCache(int layers, int numBlocks, int blockSize, int kvDim) {
    if (layers <= 0 || numBlocks <= 0 || blockSize <= 0 || kvDim <= 0) {
      throw new IllegalArgumentException(
          "layers "
              + layers
              + ", numBlocks "
              + numBlocks
              + ", blockSize "
              + blockSize
              + ", kvDim "
              + kvDim
              + ": all must be > 0");
    }
    long floats = (long) numBlocks * blockSize * kvDim;
    if (floats > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "KV cache of "
              + floats
              + " floats per layer exceeds the "
              + "array limit; lower the memory budget (at most "
              + (Integer.MAX_VALUE / ((long) blockSize * kvDim))
              + " blocks)");
    }
    this.layers = layers;
    this.numBlocks = numBlocks;
    this.blockSize = blockSize;
    this.kvDim = kvDim;
    this.keys = new float[layers][(int) floats];
    this.values = new float[layers][(int) floats];
  }

  /**
   * Blocks that fit in {@code budgetBytes} for a model with {@code bytesPerToken} of K/V per token.
   */
  public static int blocksForBudget(long budgetBytes, int blockSize, long bytesPerToken) {
    return (int) Math.min(Integer.MAX_VALUE, budgetBytes / (bytesPerToken * blockSize));
  }

  public float[] keys(int layer) {
    return keys[layer];
  }

  public float[] values(int layer) {
    return values[layer];
  }

  /** Index of the first float of {@code position}'s slot for a sequence with {@code blockTable}. */
  public int slotOffset(int[] blockTable, int position) {
    int block = blockTable[position / blockSize];
    return (block * blockSize + position % blockSize) * kvDim;
  }

  /**
   * Slot offsets of positions {@code [0, positions)} for a sequence with {@code blockTable}: one
   * table lookup per position for a whole forward step, instead of a division for every read of
   * every head and layer.
   */
  public int[] slotOffsets(int[] blockTable, int positions) {
    int[] slots = new int[positions];
    for (int p = 0; p < positions; p++) {
      slots[p] = slotOffset(blockTable, p);
    }
    return slots;
  }

  /** Copies a whole block in every layer (copy-on-write of a shared block). */
  public void copyBlock(int source, int target) {
    int n = blockSize * kvDim;
    for (int l = 0; l < layers; l++) {
      System.arraycopy(keys[l], source * n, keys[l], target * n, n);
      System.arraycopy(values[l], source * n, values[l], target * n, n);
    }
  }

  public int numBlocks() {
    return numBlocks;
  }

  public int blockSize() {
    return blockSize;
  }

  public int kvDim() {
    return kvDim;
  }

  public int layers() {
    return layers;
  }

  public long bytesPerToken() {
    return 2L * layers * kvDim * Float.BYTES;
  }
}
