package dev.rag.llm.kv;

import java.util.Arrays;

/** The KV blocks of one sequence, in position order: block i holds positions [i*B, (i+1)*B). */
public final class BlockTable {
  private int[] blocks = new int[8];
  private int size;

  public int size() {
    return size;
  }

  public int block(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("block index " + index + " outside [0, " + size + ")");
    }
    return blocks[index];
  }

  void add(int block) {
    if (size == blocks.length) {
      blocks = Arrays.copyOf(blocks, size * 2);
    }
    blocks[size++] = block;
  }

  void set(int index, int block) {
    block(index);
    blocks[index] = block;
  }

  /** A snapshot for the forward pass. */
  public int[] toArray() {
    return Arrays.copyOf(blocks, size);
  }
}
