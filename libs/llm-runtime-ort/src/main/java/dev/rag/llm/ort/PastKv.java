package dev.rag.llm.ort;

import dev.rag.llm.kv.PagedKvCache;

/**
 * Moves K/V between the paged cache (the source of truth, shared with the Java backend) and the
 * contiguous [batch, kvHeads, positions, headDim] tensors that GroupQueryAttention reads and writes
 * on the CPU execution provider. Sequences shorter than the tensor's positions are right-padded.
 */
final class PastKv {
  private final int kvHeads;
  private final int headDim;

  PastKv(int kvHeads, int headDim) {
    this.kvHeads = kvHeads;
    this.headDim = headDim;
  }

  /**
   * Copies positions {@code [0, past)} of one layer's {@code layerCache} into batch row {@code b}
   * of {@code out} [batch, kvHeads, width, headDim].
   */
  void gather(
      PagedKvCache cache,
      float[] layerCache,
      int[] blockTable,
      int past,
      float[] out,
      int b,
      int width) {
    for (int p = 0; p < past; p++) {
      int slot = cache.slotOffset(blockTable, p);
      for (int h = 0; h < kvHeads; h++) {
        System.arraycopy(
            layerCache,
            slot + h * headDim,
            out,
            ((b * kvHeads + h) * width + p) * headDim,
            headDim);
      }
    }
  }

  /**
   * Writes positions {@code [from, total)} of batch row {@code b} of a present tensor [batch,
   * kvHeads, width, headDim] into their paged slots; earlier positions are already there.
   */
  void scatter(
      float[] present,
      int b,
      int width,
      int from,
      int total,
      PagedKvCache cache,
      float[] layerCache,
      int[] blockTable) {
    for (int p = from; p < total; p++) {
      int slot = cache.slotOffset(blockTable, p);
      for (int h = 0; h < kvHeads; h++) {
        System.arraycopy(
            present,
            ((b * kvHeads + h) * width + p) * headDim,
            layerCache,
            slot + h * headDim,
            headDim);
      }
    }
  }
}
